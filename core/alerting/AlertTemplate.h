// The part of Prometheus' alert templates (Go text/template) that rule files use: `{{ $value }}`,
// `{{ $labels.name }}`, `{{ .Value }}`, `{{ .Labels.name }}`, pipes into humanize, humanize1024,
// humanizePercentage, humanizeDuration, title, toUpper, toLower, and printf with a format. Values print
// as Go prints a float64, so annotations read exactly as Prometheus writes them.
#pragma once

#include <QMap>
#include <QString>

namespace promdeck {

struct TemplateData
{
    QMap<QString, QString> labels;
    double value = 0;
};

// Expands `text`; on a construct it cannot read, returns the text unchanged and sets `error`.
QString expandAlertTemplate(const QString &text, const TemplateData &data, QString *error = nullptr);

// Whether Go's text/template, with Prometheus' functions and variables ($labels, $value, ...), can
// parse `text`: empty if so, else Go's message ("template: NAME:LINE: function \"x\" not defined").
QString alertTemplateSyntaxError(const QString &text, const QString &name);

// Go's formatting of a float64 with %v (strconv 'g', shortest), e.g. 0.05, 1e+06, 123456, NaN, +Inf.
QString goFloat(double v);
QString humanize(double v);
QString humanize1024(double v);
QString humanizePercentage(double v);
QString humanizeDuration(double seconds);

} // namespace promdeck
