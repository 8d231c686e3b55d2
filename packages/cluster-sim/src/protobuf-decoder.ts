import { KubeApiError } from './errors.js';
import { isPlainObject } from './kube-object.js';
import { type FieldSchema, type MessageSchema, protobufKinds } from './protobuf-schemas.js';

/** Every Kubernetes protobuf body starts with this magic, then a runtime.Unknown envelope. */
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface WireField {
  number: number;
  value: bigint | Buffer;
}

function malformed(): KubeApiError {
  return new KubeApiError('BadRequest', 'the protobuf request body is malformed');
}

/** Splits a message into its raw fields (varints and length-delimited only; fixed32/64 are skipped). */
function wireFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = buf[i++];
      if (byte === undefined) throw malformed();
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw malformed();
  };
  while (i < buf.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (wireType === 0) fields.push({ number, value: varint() });
    else if (wireType === 2) {
      const length = Number(varint());
      if (i + length > buf.length) throw malformed();
      fields.push({ number, value: buf.subarray(i, i + length) });
      i += length;
    } else if (wireType === 1 || wireType === 5) i += wireType === 1 ? 8 : 4;
    else throw malformed();
  }
  return fields;
}

const text = (v: bigint | Buffer) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));
const int = (v: bigint | Buffer) => (Buffer.isBuffer(v) ? 0 : Number(BigInt.asIntN(64, v)));

/** map<string, V> entries are messages {1: key, 2: value}. */
function mapEntry(buf: Buffer, valueType: 'string' | 'bytes' | 'quantity'): [string, string] {
  let key = '';
  let value = '';
  for (const field of wireFields(buf)) {
    if (field.number === 1) key = text(field.value);
    if (field.number === 2 && Buffer.isBuffer(field.value)) {
      if (valueType === 'bytes') value = field.value.toString('base64');
      else if (valueType === 'quantity')
        value = text(wireFields(field.value).find((q) => q.number === 1)?.value ?? Buffer.alloc(0));
      else value = field.value.toString('utf8');
    }
  }
  return [key, value];
}

function intOrString(buf: Buffer): number | string {
  const fields = wireFields(buf);
  const type = int(fields.find((x) => x.number === 1)?.value ?? 0n);
  if (type === 1) return text(fields.find((x) => x.number === 3)?.value ?? Buffer.alloc(0));
  return int(fields.find((x) => x.number === 2)?.value ?? 0n);
}

/** RFC 3339 from a metav1.Time {1: seconds}; undefined for the zero time (unset). */
function time(buf: Buffer): string | undefined {
  const seconds = int(wireFields(buf).find((x) => x.number === 1)?.value ?? 0n);
  return seconds === 0 ? undefined : new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeValue(schema: FieldSchema, raw: bigint | Buffer): unknown {
  const { type } = schema;
  if (type === 'string') return text(raw);
  if (type === 'int') return int(raw);
  if (type === 'bool') return raw === 1n;
  if (!Buffer.isBuffer(raw)) throw malformed();
  if (type === 'time') return time(raw);
  if (type === 'intOrString') return intOrString(raw);
  if (type === 'quantity') return text(wireFields(raw).find((x) => x.number === 1)?.value ?? Buffer.alloc(0));
  if ('map' in type) return mapEntry(raw, type.map);
  return decodeMessage(raw, type.message);
}

/** Empty values are dropped, as JSON's `omitempty` would, unless the field keeps zeros. */
function isEmpty(schema: FieldSchema, value: unknown): boolean {
  if (value === undefined || value === '') return true;
  if (value === 0 || value === false) return !schema.keepZero;
  return !schema.keepZero && isPlainObject(value) && Object.keys(value).length === 0;
}

function decodeMessage(buf: Buffer, schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of wireFields(buf)) {
    const fieldSchema = schema[field.number];
    if (!fieldSchema) continue;
    const value = decodeValue(fieldSchema, field.value);
    const { name, type } = fieldSchema;
    if (typeof type === 'object' && 'map' in type) {
      const [k, v] = value as [string, string];
      out[name] = { ...(out[name] as Record<string, string> | undefined), [k]: v };
    } else if (fieldSchema.inline) {
      Object.assign(out, value);
    } else if (fieldSchema.repeated) {
      out[name] = [...((out[name] as unknown[] | undefined) ?? []), value];
    } else if (!isEmpty(fieldSchema, value)) {
      out[name] = value;
    }
  }
  return out;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body into the object's JSON form.
 * @throws KubeApiError UnsupportedMediaType (415) for kinds without a schema, BadRequest for malformed bytes.
 */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(magic)) throw malformed();
  const envelope = wireFields(body.subarray(4));
  const typeMeta = envelope.find((x) => x.number === 1)?.value;
  const raw = envelope.find((x) => x.number === 2)?.value;
  if (!Buffer.isBuffer(typeMeta) || !Buffer.isBuffer(raw)) throw malformed();
  const meta = wireFields(typeMeta);
  const apiVersion = text(meta.find((x) => x.number === 1)?.value ?? Buffer.alloc(0));
  const kind = text(meta.find((x) => x.number === 2)?.value ?? Buffer.alloc(0));
  const schema = protobufKinds[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new KubeApiError(
      'UnsupportedMediaType',
      `the simulator cannot decode ${kind} (${apiVersion}) from protobuf; send application/json`,
    );
  }
  return { apiVersion, kind, ...decodeMessage(raw, schema) };
}
