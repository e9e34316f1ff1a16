import { createContext, useContext } from 'react';
import type { SchemaCapabilities } from './schema-capabilities.js';
import type { Session } from './session.js';

export interface AppState {
  session: Session;
  capabilities: SchemaCapabilities;
}

export const AppContext = createContext<AppState | undefined>(undefined);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp() outside a signed-in AppContext');
  return state;
}
