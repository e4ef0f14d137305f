#!/usr/bin/env bash
# Installs kith for this user: the binary in PREFIX/bin, the bundled plugins in
# PREFIX/share/kith/plugins (where kith finds them from its own path), shell completions for
# bash, zsh and fish, and man pages. Then says whether PREFIX/bin is on PATH, and if not,
# exactly what to add.
#   bash scripts/install.sh [--prefix DIR] [--binary FILE]
#     --prefix DIR    where to install (default ~/.local)
#     --binary FILE   install this kith instead of building a release one (the tests use it)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$HOME/.local"
binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$1'; use --prefix DIR (and --binary FILE)" >&2; exit 2 ;;
  esac
done
if [ -z "$binary" ]; then
  bash scripts/setup.sh
  # Static Swift runtime and Foundation: a command starts in about half the time (docs/performance.md).
  swift build -c release --static-swift-stdlib --product kith 2>&1 | tail -n 1
  binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/kith"
fi

install -d -m 0755 "$prefix/bin" "$prefix/share/kith" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$prefix/bin/kith.new"
# Debug information is two fifths of the file; the symbols stay, so a crash report still names
# each function (docs/performance.md: binary size).
if command -v strip >/dev/null; then strip --strip-debug "$prefix/bin/kith.new"; fi
mv -f "$prefix/bin/kith.new" "$prefix/bin/kith"
# The plugins are replaced whole, so a plugin removed from Kith does not linger.
rm -rf "$prefix/share/kith/plugins.new"
cp -R plugins "$prefix/share/kith/plugins.new"
rm -rf "$prefix/share/kith/plugins" && mv "$prefix/share/kith/plugins.new" "$prefix/share/kith/plugins"
"$prefix/bin/kith" --generate-completion-script bash > "$prefix/share/bash-completion/completions/kith"
"$prefix/bin/kith" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_kith"
"$prefix/bin/kith" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/kith.fish"
pages=$(python3 scripts/manpages.py "$prefix/bin/kith" "$prefix/share/man/man1")

echo "Installed kith $("$prefix/bin/kith" --version) in $prefix/bin, its plugins in $prefix/share/kith/plugins,"
echo "completions for bash, zsh and fish, and $pages man pages ('man kith')."
case ":$PATH:" in
  *":$prefix/bin:"*) echo "$prefix/bin is on your PATH: run 'kith init' from any folder to make your store." ;;
  *) echo "$prefix/bin is not on your PATH yet. Add it, then open a new terminal:"
     echo "  echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.bashrc" ;;
esac
