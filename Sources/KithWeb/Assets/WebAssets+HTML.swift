/// The web app, shipped inside Kith: plain HTML, CSS and a little JavaScript, no build step,
/// nothing fetched from elsewhere (it works offline).
enum WebAssets {
    static let indexHTML = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Kith</title>
        <link rel="stylesheet" href="/app.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <p class="brand">Kith</p>
          <nav aria-label="Pages">
            <ul>
              <li><a href="#today">Today</a></li>
              <li><a href="#journal">Journal</a></li>
              <li><a href="#network">Network</a></li>
              <li><a href="#schedule">Schedule</a></li>
              <li><a href="#assess">Check-ins</a></li>
              <li><a href="#plan">Safety plan</a></li>
              <li><a href="#reports">Reports</a></li>
            </ul>
          </nav>
          <a class="help" href="#plan">Help now</a>
        </header>
        <div id="status" role="status" aria-live="polite"></div>
        <main id="main" tabindex="-1"><p>Loading…</p></main>
        </body>
        </html>
        """
}
