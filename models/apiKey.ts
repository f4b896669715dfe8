// API keys are stored only as SHA-256 hashes: a leaked database does not leak usable keys.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';

export const AGENCY_ROLES = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

export interface ApiKeyRecord {
  keyHash: string;
  /** First characters of the key, so an admin can tell keys apart without the secret. */
  prefix: string;
  agencyId: string;
  role: AgencyRole;
  /** 6-digit region code; null for ADMIN. */
  region: string | null;
  /** HOSPITAL keys: the one institution the key acts for (H-4); null for other roles. */
  hospitalId: string | null;
  label: string;
  disabled: boolean;
  createdAt: Date;
  /** When the secret was last replaced (rotate); absent for a key never rotated. */
  rotatedAt?: Date;
}

const apiKeySchema = new Schema<ApiKeyRecord>(
  {
    keyHash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    agencyId: { type: String, required: true },
    role: { type: String, enum: AGENCY_ROLES, required: true },
    region: { type: String, default: null },
    hospitalId: { type: String, default: null },
    label: { type: String, default: '' },
    disabled: { type: Boolean, default: false },
    createdAt: { type: Date, default: () => new Date() },
    rotatedAt: { type: Date },
  },
  { collection: 'api_keys', versionKey: false },
);

export function apiKeyModel(connection: mongoose.Connection) {
  return modelOn<ApiKeyRecord>(connection, 'ApiKey', apiKeySchema);
}
