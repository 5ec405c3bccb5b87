// PropertiesService handlers. In a custom function the user store is the owner's, and only the owner
// may change it.
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { str, stringRecord } from './args';

interface Handle {
  scope: string;
  user?: string;
}

export function propertyHandlers(host: HostState): HandlerTable {
  const store = (h: unknown) => host.props((h as Handle).scope);
  const writable = (exec: Execution, h: unknown, method: string) => {
    const isUserStore = (h as Handle).scope.startsWith('user:');
    if (isUserStore && exec.isCustomFunction && exec.user !== exec.spec.owner) {
      throw new Error(`You do not have permission to call ${method}`);
    }
    return store(h);
  };
  const self = (h: unknown) => facade('Properties', h);
  return {
    'PropertiesService.getScriptProperties': () => self({ scope: 'script' }),
    // No active document (an add-on's time-driven trigger): null (not established; conservative).
    'PropertiesService.getDocumentProperties': (exec) =>
      exec.spec.spreadsheetId === null ? null : self({ scope: `document:${exec.spec.spreadsheetId}` }),
    'PropertiesService.getUserProperties': (exec) => self({ scope: `user:${exec.storeUser}` }),
    'PropertiesService.Properties.getProperty': (_e, [h, key]) => store(h).get(str(key, 'key')),
    'PropertiesService.Properties.getProperties': (_e, [h]) => store(h).all(),
    'PropertiesService.Properties.getKeys': (_e, [h]) => store(h).keys(),
    'PropertiesService.Properties.setProperty': (exec, [h, key, value]) => {
      writable(exec, h, 'setProperty').setAll({ [str(key, 'key')]: str(value) });
      return self(h);
    },
    'PropertiesService.Properties.setProperties': (exec, [h, props, deleteAllOthers]) => {
      writable(exec, h, 'setProperties').setAll(stringRecord(props, 'properties'), deleteAllOthers === true);
      return self(h);
    },
    'PropertiesService.Properties.deleteProperty': (exec, [h, key]) => {
      writable(exec, h, 'deleteProperty').delete(str(key, 'key'));
      return self(h);
    },
    'PropertiesService.Properties.deleteAllProperties': (exec, [h]) => {
      writable(exec, h, 'deleteAllProperties').clear();
      return self(h);
    },
  };
}
