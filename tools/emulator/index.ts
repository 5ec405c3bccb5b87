// Local Apps Script emulator: runs the built bundle unchanged, one execution per call, with faithful services.
export { Emulator, defaultTimeLimitMs } from './emulator';
export type {
  AuthModeName,
  EmulatorOptions,
  ExecutionError,
  ExecutionKind,
  ExecutionResult,
  MenuItem,
  PropertyScope,
  RunOptions,
  SheetView,
  Totals,
  TriggerInfo,
  UiRecord,
} from './types';
