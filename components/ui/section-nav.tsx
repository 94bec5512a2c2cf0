import styles from "./section-nav.module.css";

/** Links to the sections of a long page: each entry is a heading's id and the link's text. */
export function SectionNav({ label, sections }: { label: string; sections: readonly (readonly [id: string, text: string])[] }) {
  return (
    <nav className={styles.nav} aria-label={label}>
      {sections.map(([id, text]) => (
        <a key={id} href={`#${id}`}>
          {text}
        </a>
      ))}
    </nav>
  );
}
