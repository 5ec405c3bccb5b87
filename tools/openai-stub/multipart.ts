// multipart/form-data request bodies (POST /v1/files), read with the platform's own parser.

export interface FormFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface Form {
  fields: Map<string, string>;
  files: Map<string, FormFile>;
}

const EMPTY: Form = { fields: new Map(), files: new Map() };

/**
 * The fields and files of a multipart body; an empty form when the body is not multipart or its
 * boundary is missing or wrong (the endpoint then reports the parameters as missing). A part
 * without a filename is a field, not a file.
 */
export async function parseMultipart(bytes: Buffer, contentType: string | undefined): Promise<Form> {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return EMPTY;
  let data: FormData;
  try {
    data = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return EMPTY;
  }
  const form: Form = { fields: new Map(), files: new Map() };
  for (const [name, value] of data) {
    if (typeof value === 'string') form.fields.set(name, value);
    else
      form.files.set(name, {
        filename: value.name,
        contentType: value.type,
        bytes: Buffer.from(await value.arrayBuffer()),
      });
  }
  return form;
}
