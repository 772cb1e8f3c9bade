import type { ReactNode } from 'react';

/**
 * The frame of a page: where it sits (`crumbs`, each followed by a slash), its title with anything
 * beside it (`aside`: a count, a button), then the content. `size` widens it (a grid) or narrows
 * it (a message).
 */
export function Page(props: {
  /** None when the content brings its own (a loaded row's name). */
  title?: ReactNode;
  crumbs?: ReactNode;
  aside?: ReactNode;
  size?: 'wide' | 'narrow';
  children?: ReactNode;
}): ReactNode {
  return (
    <section className={props.size ? `page ${props.size}` : 'page'}>
      {props.crumbs === undefined ? null : <p className="crumbs">{props.crumbs} /</p>}
      {props.title === undefined ? null : (
        <div className="page-head">
          <h1>{props.title}</h1>
          {props.aside}
        </div>
      )}
      {props.children}
    </section>
  );
}
