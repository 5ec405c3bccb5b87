// Uploaded files and the files batches write, per key, with their expiry.

import { randomBytes } from 'node:crypto';

export type StoredPurpose =
  'assistants' | 'batch' | 'batch_output' | 'fine-tune' | 'vision' | 'user_data' | 'evals';

export interface StoredFile {
  id: string;
  key: string;
  bytes: Buffer;
  filename: string;
  purpose: StoredPurpose;
  /** Unix seconds. */
  createdAt: number;
  expiresAt: number | null;
}

/** The OpenAIFile object, with the two deprecated fields as a captured upload shows them. */
export interface OpenAIFileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: StoredPurpose;
  status: 'processed';
  expires_at: number | null;
  status_details: null;
}

/** "By default, files with purpose=batch expire after 30 days" (FileExpirationAfter). */
export const BATCH_FILE_LIFETIME_S = 30 * 24 * 3600;

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Like the captured `file-52voFe6FU6MWyAwa1Uj39R`: 22 letters and digits. */
function fileId(): string {
  return `file-${Array.from(randomBytes(22), (b) => BASE62[b % BASE62.length]).join('')}`;
}

export class FileStore {
  private files = new Map<string, StoredFile>();

  reset(): void {
    this.files.clear();
  }

  add(
    key: string,
    file: Pick<StoredFile, 'bytes' | 'filename' | 'purpose'>,
    now: number,
    lifetimeS: number | null,
  ): StoredFile {
    const stored: StoredFile = {
      ...file,
      id: fileId(),
      key,
      createdAt: now,
      expiresAt: lifetimeS === null ? null : now + lifetimeS,
    };
    this.files.set(stored.id, stored);
    return stored;
  }

  /** The key's file, unless it has expired (an expired file is gone, as the real API deletes it). */
  get(key: string, id: string, now: number): StoredFile | null {
    const file = this.files.get(id);
    if (!file || file.key !== key) return null;
    if (file.expiresAt !== null && now >= file.expiresAt) {
      this.files.delete(id);
      return null;
    }
    return file;
  }

  delete(key: string, id: string, now: number): boolean {
    return this.get(key, id, now) !== null && this.files.delete(id);
  }
}

export function fileObject(file: StoredFile): OpenAIFileObject {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes.length,
    created_at: file.createdAt,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    expires_at: file.expiresAt,
    status_details: null,
  };
}
