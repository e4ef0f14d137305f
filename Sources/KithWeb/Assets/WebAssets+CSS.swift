extension WebAssets {
    static let appCSS = """
        :root { --bg: #fdfcf8; --fg: #1d2327; --muted: #50575e; --line: #c9ced3; --accent: #1b5e8c;
          --card: #ffffff; --alert-bg: #fdecea; --alert-fg: #7a1c12; --ok: #1e6b3a; font-size: 100%; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #15181b; --fg: #eceff1; --muted: #b0b7bd; --line: #3a4046; --accent: #8cc4ee;
            --card: #1d2125; --alert-bg: #3b1d19; --alert-fg: #ffd3cc; --ok: #8fd6a5; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg);
          font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        a { color: var(--accent); }
        .skip { position: absolute; left: -999px; top: 0; }
        .skip:focus { left: 0.5rem; z-index: 2; background: var(--card); padding: 0.5rem; }
        header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; padding: 0.5rem 1rem;
          border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; margin: 0; }
        nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; list-style: none; margin: 0; padding: 0; }
        nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
        .help { margin-left: auto; font-weight: 700; color: var(--alert-fg); background: var(--alert-bg);
          padding: 0.25rem 0.75rem; border-radius: 1rem; }
        main { max-width: 56rem; margin: 0 auto; padding: 1rem; }
        main:focus { outline: none; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
        section, form.card { background: var(--card); border: 1px solid var(--line); border-radius: 0.5rem;
          padding: 0.75rem 1rem; margin: 0 0 1rem; }
        label { display: block; margin: 0.5rem 0 0.25rem; font-weight: 600; }
        input, select, textarea, button { font: inherit; color: inherit; }
        input[type=text], input[type=tel], input[type=number], input[type=search], input[type=datetime-local],
        select, textarea { width: 100%; max-width: 32rem; padding: 0.4rem; background: var(--bg);
          border: 1px solid var(--muted); border-radius: 0.3rem; }
        textarea { min-height: 5rem; }
        button { padding: 0.4rem 0.9rem; border-radius: 0.3rem; border: 1px solid var(--accent);
          background: var(--accent); color: var(--bg); cursor: pointer; margin: 0.5rem 0.5rem 0 0; }
        button.quiet { background: transparent; color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        fieldset { border: 1px solid var(--line); border-radius: 0.3rem; margin: 0.5rem 0; }
        legend { font-weight: 600; padding: 0 0.25rem; }
        .choices label { display: inline-flex; gap: 0.3rem; font-weight: 400; margin-right: 1rem; }
        ul.items { list-style: none; padding: 0; margin: 0; }
        ul.items li { border-top: 1px solid var(--line); padding: 0.5rem 0; }
        ul.items li:first-child { border-top: none; }
        .meta { color: var(--muted); font-size: 0.9rem; }
        .alert { background: var(--alert-bg); color: var(--alert-fg); border: 2px solid var(--alert-fg);
          border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 0 0 1rem; }
        .alert a { color: inherit; font-weight: 700; }
        #status { max-width: 56rem; margin: 0 auto; padding: 0 1rem; color: var(--ok); min-height: 1.5rem; }
        #status.error { color: var(--alert-fg); }
        iframe.report { width: 100%; min-height: 70vh; border: 1px solid var(--line); border-radius: 0.5rem;
          background: #fff; }
        table { border-collapse: collapse; }
        @media (max-width: 480px) { header { padding: 0.5rem; } main { padding: 0.5rem; } h1 { font-size: 1.35rem; } }
        """
}
