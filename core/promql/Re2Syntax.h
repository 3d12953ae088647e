// The regular expression dialect of Prometheus' label matchers: Go's regexp/syntax (RE2) with Perl
// flags, anchored as `^(?:...)$`. Prometheus refuses a query whose regex Go cannot compile, with
// Go's words; and a selector whose every matcher matches the empty string. Both need Go's reading of
// the pattern, which no Qt or C++ regex engine shares exactly (PCRE accepts lookarounds and
// backreferences, for one).
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace promdeck::promql {

struct RegexCheck
{
    // Go's message as Prometheus shows it, e.g. "error parsing regexp: missing closing ): `^(?:()$`";
    // empty when the pattern compiles.
    QByteArray error;
    // Whether the anchored pattern matches "" (meaningful when there is no error).
    bool matchesEmpty = false;
};

// What labels.NewMatcher does with the value of a =~ or !~ matcher (UTF-8 bytes).
RegexCheck checkLabelRegex(QByteArrayView pattern);

} // namespace promdeck::promql
