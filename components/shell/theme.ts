export type Theme = "system" | "light" | "dark";

export const THEME_COOKIE = "engram-theme";

/** The theme a cookie value names; anything else follows the system. */
export const parseTheme = (value: string | undefined): Theme => (value === "light" || value === "dark" ? value : "system");
