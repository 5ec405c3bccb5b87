// Local Apps Script emulator: runs the built bundle unchanged, one execution per call, with faithful services.
export { Emulator, TOO_MANY_EXECUTIONS, defaultTimeLimitMs } from './emulator';
export { REALISTIC_LATENCY } from './latency';
export { DAILY_QUOTAS } from './quotas';
export type {
  AccountType,
  AuthModeName,
  DeveloperMetadataInfo,
  DeveloperMetadataLocationTypeName,
  EmulatorOptions,
  ExecutionError,
  ExecutionKind,
  ExecutionResult,
  MenuItem,
  PropertyScope,
  QuotaCounter,
  QuotaLimits,
  QuotaName,
  QuotaUsage,
  RunOptions,
  ServiceLatency,
  ServiceLatencyName,
  SheetView,
  SortSpec,
  SpreadsheetSpec,
  Totals,
  TriggerInfo,
  UiRecord,
  WallClock,
} from './types';
