import { createContext, useContext } from 'react';
import type { Session } from './session.js';

export interface AppState {
  session: Session;
}

export const AppContext = createContext<AppState | undefined>(undefined);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp() outside a signed-in AppContext');
  return state;
}
