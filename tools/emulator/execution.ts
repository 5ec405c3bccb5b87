// One execution as the host sees it: who runs it, in which mode, and what it has done so far.
import type { AuthModeName, ExecutionKind } from './types';

export interface CellRef {
  sheetId: number;
  row: number;
  col: number;
  /** A selection of several cells (menu and page executions); a custom function's cell is one. */
  numRows?: number;
  numCols?: number;
}

export interface ExecutionSpec {
  id: number;
  kind: ExecutionKind;
  authMode: AuthModeName;
  user: string;
  locale: string;
  /** The spreadsheet's owner (the emulator's owner without an active document). */
  owner: string;
  /** The active document; null when there is none (an add-on's time-driven trigger). */
  spreadsheetId: string | null;
  callingCell?: CellRef;
  killAtServiceCall?: number | string;
}

export class Execution {
  readonly logs: string[] = [];
  readonly serviceCallsByMethod: Record<string, number> = {};
  readonly abort = new AbortController();
  serviceCalls = 0;
  urlFetchRequests = 0;
  alive = true;

  constructor(readonly spec: ExecutionSpec) {}

  get id(): number {
    return this.spec.id;
  }

  get user(): string {
    return this.spec.user;
  }

  /** Custom functions run read-only, without authorization, on the owner's user stores. */
  get isCustomFunction(): boolean {
    return this.spec.kind === 'custom' || this.spec.authMode === 'CUSTOM_FUNCTION';
  }

  /** Whose user properties and user cache this execution sees. */
  get storeUser(): string {
    return this.isCustomFunction ? this.spec.owner : this.spec.user;
  }

  count(method: string): void {
    this.serviceCalls++;
    this.serviceCallsByMethod[method] = (this.serviceCallsByMethod[method] ?? 0) + 1;
  }

  end(): void {
    this.alive = false;
    this.abort.abort();
  }
}

export type Handler = (exec: Execution, args: unknown[]) => unknown;
export type HandlerTable = Record<string, Handler>;
