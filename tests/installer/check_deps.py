#!/usr/bin/python3
"""Does a fresh Debian 12 machine get everything this build and its tests use from
installer/install-deps.sh?

A package installed by hand on a developer's machine passes every local build and CI run there, and
fails the first command a newcomer types (issue 10). This check derives what the configured build
actually used and asks dpkg which package owns each file:
  - every CMake file CMake read while configuring (package configs and find modules: build.ninja's
    regeneration inputs),
  - every header outside the tree the compiler read (ninja's dependency log),
  - every shared library the promdeck binary loads (ldd),
  - every program the tests, the demo and the live stack start, found in their scripts and sources,
    and every Python module the live stack imports,
and fails, naming file and package, when that package is neither listed by install-deps.sh nor pulled
in by the hard Depends of a listed one, nor part of a minimal Debian system (Essential or required).

  check_deps.py SOURCE_DIR BUILD_DIR                       the check
  check_deps.py SOURCE_DIR BUILD_DIR --expect-missing PKG  the check of the check: with PKG taken out
                                                           of the list, it must fail and name PKG
"""
import glob
import os
import re
import subprocess
import sys

CLEAN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, env={**os.environ, "PATH": CLEAN_PATH}, **kw)


def listed_packages(source):
    out = run([os.path.join(source, "installer/install-deps.sh"), "--list"])
    if out.returncode != 0:
        sys.exit("installer/install-deps.sh --list failed: " + out.stderr.strip())
    return set(out.stdout.split())


def hard_dependency_closure(packages):
    """The packages and everything their Depends/Pre-Depends pull in, recursively (no Recommends)."""
    out = run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
               "--no-breaks", "--no-replaces", "--no-enhances", *sorted(packages)])
    names = set(packages)
    for line in out.stdout.splitlines():
        stripped = line.strip()
        m = re.match(r"^\|?(?:Pre)?Depends: <?([a-z0-9][a-z0-9.+-]*)(?::any)?>?$", stripped)
        if m:
            names.add(m.group(1))
        elif re.match(r"^[a-z0-9][a-z0-9.+-]*(:[a-z0-9]+)?$", stripped):
            # A package apt recursed into, or (indented deeper) a provider of a virtual package.
            names.add(stripped.split(":")[0])
    return names


def minimal_system():
    """What `debootstrap --variant=minbase` installs: Essential and Priority: required packages, and apt."""
    names = {"apt"}
    package = None
    for line in run(["apt-cache", "dumpavail"]).stdout.splitlines():
        if line.startswith("Package: "):
            package = line[9:].strip()
        elif package and line in ("Priority: required", "Essential: yes"):
            names.add(package)
    if len(names) < 10:
        sys.exit("no package index under /var/lib/apt/lists: run apt-get update (install-deps.sh does)")
    return names


def file_owners():
    """Every path dpkg installed, to its package."""
    owners = {}
    for listing in glob.glob("/var/lib/dpkg/info/*.list"):
        package = os.path.basename(listing)[:-5].split(":")[0]
        with open(listing, encoding="utf-8", errors="replace") as f:
            for path in f:
                owners.setdefault(path.rstrip("\n"), package)
    return owners


def owner_of(path, owners):
    # Debian 12 has merged /usr: dpkg may have registered /lib/... for a file found as /usr/lib/...
    candidates = [path, os.path.realpath(path)]
    for p in list(candidates):
        if p.startswith("/usr/"):
            candidates.append(p[4:])
        else:
            candidates.append("/usr" + p)
    for p in candidates:
        if p in owners:
            return owners[p]
    # A symlink dpkg installed under another name (e.g. a library's SONAME link made by ldconfig).
    directory = os.path.dirname(os.path.realpath(path))
    for p in glob.glob(os.path.join(directory, "*")):
        if os.path.realpath(p) == os.path.realpath(path) and p in owners:
            return owners[p]
    return None


def outside(path, roots):
    return not any(path.startswith(r + "/") for r in roots)


def cmake_inputs(build, roots):
    with open(os.path.join(build, "build.ninja"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("build build.ninja: RERUN_CMAKE"):
                for path in line.split("|", 1)[1].split():
                    if path.startswith("/") and outside(path, roots):
                        yield path, "read by CMake"
                return


def headers(build, roots):
    out = run(["ninja", "-C", build, "-t", "deps"])
    seen = set()
    for line in out.stdout.splitlines():
        path = line.strip()
        if line.startswith("    ") and path.startswith("/") and outside(path, roots) and path not in seen:
            seen.add(path)
            yield path, "read by the compiler"


def shared_libraries(build):
    binary = os.path.join(build, "app/promdeck")
    out = run(["ldd", binary])
    for line in out.stdout.splitlines():
        m = re.search(r"=> (/\S+)", line) or re.match(r"\s*(/\S+)", line)
        if m:
            yield m.group(1), "loaded by promdeck"


SHELL_WORDS = set("""if then else elif fi for while until do done case esac in function select time
    return exit local export set unset shift eval exec trap wait read echo printf cd pwd test true false
    break continue source alias type command builtin declare readonly let kill""".split())


def programs(source):
    """Programs the scripts and tests start: words in command position of the shell scripts, and the
    programs the C++ and Python test code runs."""
    found = {}
    scripts = [os.path.join(source, p) for p in (".ci/run",)]
    for pattern in ("installer/*.sh", "installer/live-stack/*.sh", "tests/**/*.sh"):
        scripts += glob.glob(os.path.join(source, pattern), recursive=True)
    # Where a shell line starts a command: at its start, after an operator, or after a word that runs
    # the next one (exec, nice, timeout 5, env A=b, the live stack's `run NAME`, runuser -u postgres --).
    command_positions = [re.compile(prefix + r"([A-Za-z/][A-Za-z0-9._+/-]*)(?=\s|$|\)|;)") for prefix in (
        r"^\s*", r"[|;&(`]\s*", r"\$\(\s*",
        r"\b(?:then|do|else|if|exec|nice|time|xargs(?:\s+-r)?|timeout\s+\S+|env(?:\s+\w+=\S+)*|"
        r"run\s+[\w-]+|runuser\s+-u\s+\w+\s+--|as_postgres|command\s+-v|!)\s+")]
    for script in scripts:
        in_heredoc = None
        with open(script, encoding="utf-8") as f:
            for line in f:
                if in_heredoc:
                    if line.strip() == in_heredoc:
                        in_heredoc = None
                    continue
                m = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", line)
                if m:
                    in_heredoc = m.group(1)
                code = re.sub(r"(^|\s)#.*$", "", line)
                code = re.sub(r"'[^']*'", "''", code) if "sh -c '" not in code else code
                for word in (w for r in command_positions for w in r.findall(code)):
                    if word not in SHELL_WORDS:
                        found.setdefault(word, os.path.relpath(script, source))
    explicit = set()
    sources = glob.glob(os.path.join(source, "tests/**/*.cpp"), recursive=True)
    sources += glob.glob(os.path.join(source, "core/**/*.cpp"), recursive=True)
    sources += glob.glob(os.path.join(source, "app/**/*.cpp"), recursive=True)
    started = re.compile(r"(?:start|execute|startDetached)\(\s*QStringLiteral\(\"([^\"]+)\"\)")
    for path in sources:
        with open(path, encoding="utf-8") as f:
            for word in started.findall(f.read()):
                found.setdefault(word, os.path.relpath(path, source))
                explicit.add(word)
    for path in glob.glob(os.path.join(source, "tests/**/*.py"), recursive=True) + \
            glob.glob(os.path.join(source, "installer/**/*.py"), recursive=True):
        with open(path, encoding="utf-8") as f:
            for word in re.findall(r"subprocess\.\w+\(\s*\[\s*[\"'](/usr/bin/[^\"'/]+|[^\"'/]+)[\"']", f.read()):
                found.setdefault(word, os.path.relpath(path, source))
                explicit.add(word)
    with open(os.path.join(source, "tests/CMakeLists.txt"), encoding="utf-8") as f:
        for word in re.findall(r"COMMAND\s+([a-z][a-z0-9._+-]*)\s", f.read()):
            found.setdefault(word, "tests/CMakeLists.txt")
            explicit.add(word)
    for word, where in sorted(found.items()):
        if "/" in word and not word.startswith("/"):
            continue  # the project's own scripts
        if word.startswith("/"):
            if word.startswith(("/usr/", "/bin/", "/sbin/")) and os.path.isfile(word):
                yield word, f"program `{word}` started by {where}"
            continue
        resolved = run(["bash", "-c", 'type -P "$1"', "-", word]).stdout.strip()
        if resolved:
            yield resolved, f"program `{word}` started by {where}"
        elif word in explicit:
            # Named as a program by code that starts it: not being on this machine at all means no
            # package brings it. (A word of a shell script that names no program is a variable or a
            # function, not a miss.)
            yield None, f"program `{word}` started by {where}"


def python_modules(source):
    """Modules the live stack and the Python test helpers import, as Debian's python3 finds them."""
    modules = {}
    scripts = glob.glob(os.path.join(source, "installer/live-stack/*.py")) + \
        glob.glob(os.path.join(source, "tests/**/*.py"), recursive=True)
    # The project's own modules (a test may put another test folder on sys.path, as hostile_window.py
    # does for tests/window/desktop.py): what the checkout brings is never a missing package.
    own = {os.path.splitext(os.path.basename(p))[0] for p in scripts}
    for path in scripts:
        local = own
        with open(path, encoding="utf-8") as f:
            for m in re.finditer(r"^\s*(?:import|from)\s+([A-Za-z_][\w]*)", f.read(), re.M):
                if m.group(1) not in local:
                    modules.setdefault(m.group(1), os.path.relpath(path, source))
        for m in re.finditer(r"python\"?\s+-m\s+([a-z_]+)", open(os.path.join(source, "installer/live-stack/live-stack.sh")).read()):
            modules.setdefault(m.group(1), "installer/live-stack/live-stack.sh")
    for name, where in sorted(modules.items()):
        out = run(["/usr/bin/python3", "-c", f"import {name}, sys; print(getattr({name}, '__file__', None) or '')"])
        if out.returncode != 0:
            yield None, f"Python module `{name}` imported by {where} (not importable: {out.stderr.strip().splitlines()[-1:]})"
        elif out.stdout.strip():
            yield out.stdout.strip(), f"Python module `{name}` imported by {where}"


def main():
    args = sys.argv[1:]
    without = set()
    if len(args) == 4 and args[2] == "--expect-missing":
        without = {args[3]}
        args = args[:2]
    if len(args) != 2:
        sys.exit(__doc__)
    source, build = (os.path.realpath(a) for a in args)
    listed = listed_packages(source) - without
    allowed = (hard_dependency_closure(listed) | minimal_system()) - without
    owners = file_owners()
    roots = [source, build]
    evidence = []
    evidence += cmake_inputs(build, roots)
    evidence += headers(build, roots)
    evidence += shared_libraries(build)
    evidence += programs(source)
    evidence += python_modules(source)
    missing = {}  # package (or why none) -> what needs it
    for path, why in evidence:
        if path is None:
            missing.setdefault("nothing on this machine provides it", []).append(why)
            continue
        package = owner_of(path, owners)
        if package is None:
            missing.setdefault("no Debian package owns it (installed by hand?)", []).append(f"{path} ({why})")
        elif package not in allowed:
            missing.setdefault(f"'{package}', which installer/install-deps.sh neither lists nor pulls in",
                               []).append(f"{path} ({why})")
    for problem, needs in sorted(missing.items()):
        more = f" and {len(needs) - 1} more" if len(needs) > 1 else ""
        print(f"installer.deps: {needs[0]}{more}: from {problem}")
    if without:
        (package,) = without
        named = any(f"'{package}'" in problem for problem in missing)
        print(f"installer.deps: with {package} taken out of the list, the check "
              + ("fails and names it, as it must" if named else "does NOT notice: the check is broken"))
        return 0 if named else 1
    if missing:
        print(f"installer.deps: {sum(len(n) for n in missing.values())} of {len(evidence)} files the build "
              f"and tests use would be missing on a fresh Debian 12 machine")
        return 1
    print(f"installer.deps: all {len(evidence)} files the build and tests use come from packages "
          f"installer/install-deps.sh installs ({len(listed)} listed, {len(allowed)} with dependencies "
          f"and the minimal system)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
