import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';

/** A small path router (history API); the server answers every page path with index.html. */
export function usePath(): string {
  const [path, setPath] = useState(() => globalThis.location?.pathname ?? '/');
  useEffect(() => {
    const update = () => setPath(globalThis.location.pathname);
    globalThis.addEventListener('popstate', update);
    return () => globalThis.removeEventListener('popstate', update);
  }, []);
  return path;
}

export function navigate(to: string): void {
  if (globalThis.location.pathname + globalThis.location.search === to) return;
  globalThis.history.pushState(null, '', to);
  globalThis.dispatchEvent(new PopStateEvent('popstate'));
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className}>
      {children}
    </a>
  );
}
