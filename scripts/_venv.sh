# Sourced by scripts/run and scripts/test: make .venv with Python 3.11+ and install the project.
# Usage: ensure_venv "EXTRAS"   (e.g. "" or "test,batch,crosscheck")
ensure_venv() {
  local extras="$1" python="${PYTHON:-python3}" spec="."
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "spouse-relief needs Python 3.11 or newer as '$python' (set PYTHON=...)." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing Debian's python3-venv (needed to make a virtualenv)..." >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv .venv
      else
        echo "Cannot make a virtualenv: install python3-venv (apt-get install python3-venv) and retry." >&2
        exit 1
      fi
    fi
  fi
  [ -n "$extras" ] && spec=".[$extras]"
  # Reinstall only when pyproject.toml changed since the last install.
  local stamp=".venv/.installed-$(echo "$extras" | tr ',' '-')"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
    touch "$stamp"
  fi
}
