import type { Context as PageContext } from '../shared/context';
import type { TextKey } from './i18n';

/** What every section of the sidebar needs: the reader's language and number formats. */
export type Context = PageContext<TextKey>;
