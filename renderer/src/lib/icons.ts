/** The app's icons: inline SVG paths (24×24, stroked), so icons render everywhere with no font or network. */
export const PATHS = {
    lock: 'M6 11h12v10H6z M8 11V7a4 4 0 0 1 8 0v4',
    shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z',
    cert: 'M5 3h14v13H5z M8 7h8 M8 10h8 M8 13h4 M15 14a2.5 2.5 0 1 0 0.01 0 M13.5 16l-1 5 2.5-1.5 2.5 1.5-1-5',
    csr: 'M6 3h9l4 4v14H6z M15 3v4h4 M9 12h7 M9 15h7 M9 18h4',
    crl: 'M12 3a9 9 0 1 0 0.01 0 M5.6 5.6l12.8 12.8',
    key: 'M8 15a4 4 0 1 0 0.01 0 M10.8 12.2L20 3 M16 7l3 3 M18 5l2 2',
    box: 'M3 7l9-4 9 4v10l-9 4-9-4z M3 7l9 4 9-4 M12 11v10',
    gear: 'M12 9a3 3 0 1 0 0.01 0 M12 2v3 M12 19v3 M2 12h3 M19 12h3 M4.9 4.9l2.1 2.1 M17 17l2.1 2.1 M4.9 19.1L7 17 M17 7l2.1-2.1',
    copy: 'M9 9h11v11H9z M5 15H4V4h11v1',
    check: 'M4 12.5l5 5L20 6.5',
    x: 'M6 6l12 12 M18 6L6 18',
    warn: 'M12 3l10 18H2z M12 10v5 M12 18v0.5',
    info: 'M12 3a9 9 0 1 0 0.01 0 M12 11v6 M12 7.5v0.5',
    clock: 'M12 3a9 9 0 1 0 0.01 0 M12 7v5l3 3',
    drop: 'M12 3v13 M7 11l5 5 5-5 M4 20h16',
    link: 'M4 12h16 M8 8l-4 4 4 4 M16 8l4 4-4 4',
    sun: 'M12 8a4 4 0 1 0 0.01 0 M12 2v2 M12 20v2 M2 12h2 M20 12h2 M4.9 4.9l1.4 1.4 M17.7 17.7l1.4 1.4 M4.9 19.1l1.4-1.4 M17.7 6.3l1.4-1.4',
    moon: 'M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z',
    auto: 'M12 3a9 9 0 1 0 0.01 0 M12 3v18',
    file: 'M6 3h9l4 4v14H6z M15 3v4h4',
    folder: 'M3 6h6l2 2h10v11H3z',
  } as const;

export type IconName = keyof typeof PATHS;
