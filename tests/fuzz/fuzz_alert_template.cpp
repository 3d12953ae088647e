// libFuzzer target for the alert template engine (the Go text/template subset of annotations:
// {{ $labels.x }}, {{ $value | humanize }}, printf, range, ...): any text is either expanded or refused
// with words, the syntax check answers in Go's form, and values print as Go prints them. Never a crash,
// undefined behaviour, a leak or a hang.
//
// The input is the template; bytes after its last NUL, when there are 8 of them, are the alert's value
// (else a value from a table of awkward ones), so the numbers are fuzzed too.
#include "alerting/AlertTemplate.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

const double awkwardValues[] = {
    0.0,    -0.0,   1.5,    0.05,         1e6,      -1234567.0, 1e300,
    -1e300, 5e-324, 9.3e18, std::nan(""), INFINITY, -INFINITY,  86400.0 * 365 * 1e9};

promdeck::TemplateData dataFor(double value)
{
    promdeck::TemplateData data;
    data.labels = {{QStringLiteral("instance"), QStringLiteral("node-1:9100")},
                   {QStringLiteral("job"), QStringLiteral("node")},
                   {QStringLiteral("name"), QStringLiteral("tasks.send_mail")},
                   {QStringLiteral("severity"), QStringLiteral("page")},
                   {QStringLiteral("markup"), QStringLiteral("<b>x</b>\u00e9{{ $value }}")}};
    data.value = value;
    return data;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const char *bytes = reinterpret_cast<const char *>(data);
    std::size_t textSize = size;
    double value = awkwardValues[size % (sizeof awkwardValues / sizeof awkwardValues[0])];
    if (const void *nul = std::memchr(bytes, 0, size)) {
        const char *last = bytes + size;
        while (last > bytes && last[-1] != 0)
            --last;
        textSize = static_cast<std::size_t>(static_cast<const char *>(nul) - bytes);
        if (bytes + size - last == sizeof value)
            std::memcpy(&value, last, sizeof value);
    }
    const QString text = QString::fromUtf8(bytes, static_cast<qsizetype>(textSize));

    const QString syntax = promdeck::alertTemplateSyntaxError(text, QStringLiteral("summary"));
    if (!syntax.isEmpty() && !syntax.startsWith(QLatin1String("template: summary:")))
        std::abort(); // Go's form: template: NAME:LINE: message

    QString error;
    const QString expanded = promdeck::expandAlertTemplate(text, dataFor(value), &error);
    // An expansion grows by bounded text per action, never without bound (printf's width and precision
    // are bounded at a million, as in Go).
    if (expanded.size() > text.size() * 64 + 4096 + text.count(QLatin1String("printf")) * 2'000'400)
        std::abort();

    // Values read back exactly from what is printed (Go's shortest form), and the humanized forms end.
    const QString go = promdeck::goFloat(value);
    if (std::isfinite(value) && go.toDouble() != value)
        std::abort();
    (void)promdeck::humanize(value);
    (void)promdeck::humanize1024(value);
    (void)promdeck::humanizePercentage(value);
    (void)promdeck::humanizeDuration(value);
    return 0;
}
