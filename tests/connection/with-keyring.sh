#!/bin/sh
# Runs a test in a private D-Bus session with a real gnome-keyring (the Secret Service that
# QtKeychain's libsecret backend talks to), in a throw-away HOME so every file the test makes can be
# searched for secrets afterwards (PROMDECK_TEST_HOME).
#   with-keyring.sh TEST...           the keyring unlocked, as after a desktop login
#   with-keyring.sh --locked TEST...  the keyring exists but is locked, on a virtual display, so a write
#                                     makes gnome-keyring show its real unlock prompt, which nobody answers
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--locked" ]; then
    shift
    exec "$here/../support/session.sh" --display 1024x768 --keyring locked -- "$@"
fi
exec "$here/../support/session.sh" --keyring unlocked -- "$@"
