#include "alerting/AlertTemplate.h"

#include <QRegularExpression>
#include <QStringList>
#include <cmath>
#include <cstdio>

namespace promdeck {

namespace {

// C's %.Ng matches Go's for finite values; Go spells the specials differently.
QString cFormat(const char *format, double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    char buf[64];
    const int needed = std::snprintf(buf, sizeof buf, format, v);
    if (needed < 0)
        return {};
    if (static_cast<std::size_t>(needed) < sizeof buf)
        return QString::fromLatin1(buf, needed);
    // A printf width or precision asked for more (bounded by the caller, as Go bounds them).
    QByteArray wide(needed + 1, Qt::Uninitialized);
    std::snprintf(wide.data(), static_cast<std::size_t>(wide.size()), format, v);
    return QString::fromLatin1(wide.constData(), needed);
}

// Go's fmt refuses widths and precisions past a million ("%!(BADWIDTH)"); so do we, before C's printf
// spends minutes padding two billion spaces or allocates gigabytes of digits.
constexpr qlonglong GoMaxWidth = 1'000'000;

} // namespace

QString goFloat(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (v == 0)
        return std::signbit(v) ? QStringLiteral("-0") : QStringLiteral("0");
    // Shortest digits that read back exactly, then Go's choice for the shortest form: %e when
    // exp < -4 || exp >= 6 (so 1e+06 and 1.234567e+06, but 123456).
    char digits[40];
    int precision = 1;
    for (; precision <= 17; ++precision) {
        std::snprintf(digits, sizeof digits, "%.*e", precision - 1, v);
        if (std::strtod(digits, nullptr) == v)
            break;
    }
    const QString e = QString::fromLatin1(digits); // d.ddde±XX
    const qsizetype ePos = e.indexOf(QLatin1Char('e'));
    const int exponent = e.mid(ePos + 1).toInt();
    if (exponent < -4 || exponent >= 6) {
        QString mantissa = e.left(ePos);
        QString exp = QString::number(std::abs(exponent));
        if (exp.size() < 2)
            exp.prepend(QLatin1Char('0'));
        return mantissa + QStringLiteral("e") + (exponent < 0 ? QStringLiteral("-") : QStringLiteral("+")) +
               exp;
    }
    char fixed[64];
    const int decimals = std::max(0, precision - 1 - exponent);
    std::snprintf(fixed, sizeof fixed, "%.*f", decimals, v);
    return QString::fromLatin1(fixed);
}

QString humanize(double v)
{
    if (v == 0 || std::isnan(v) || std::isinf(v))
        return cFormat("%.4g", v);
    if (std::abs(v) >= 1) {
        const char *const prefixes[] = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
        int i = 0;
        while (std::abs(v) >= 1000 && i < 8) {
            v /= 1000;
            ++i;
        }
        return cFormat("%.4g", v) + QLatin1String(prefixes[i]);
    }
    const char *const prefixes[] = {"", "m", "u", "n", "p", "f", "a", "z", "y"};
    int i = 0;
    while (std::abs(v) < 1 && i < 8) {
        v *= 1000;
        ++i;
    }
    return cFormat("%.4g", v) + QLatin1String(prefixes[i]);
}

QString humanize1024(double v)
{
    if (std::abs(v) <= 1 || std::isnan(v) || std::isinf(v))
        return cFormat("%.4g", v);
    const char *const prefixes[] = {"", "ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
    int i = 0;
    while (std::abs(v) >= 1024 && i < 8) {
        v /= 1024;
        ++i;
    }
    return cFormat("%.4g", v) + QLatin1String(prefixes[i]);
}

QString humanizePercentage(double v)
{
    return cFormat("%.4g", v * 100) + QLatin1Char('%');
}

QString humanizeDuration(double v)
{
    if (std::isnan(v) || std::isinf(v))
        return cFormat("%.4g", v);
    if (v == 0)
        return QStringLiteral("0s");
    if (std::abs(v) >= 1) {
        const QString sign = v < 0 ? QStringLiteral("-") : QString();
        v = std::abs(v);
        // Past what whole seconds in 64 bits hold (Go's conversion is undefined there too), in days.
        if (v >= 9.2e18)
            return sign + cFormat("%.4g", v / 86400) + QLatin1Char('d');
        const auto duration = static_cast<std::int64_t>(v);
        const std::int64_t seconds = duration % 60;
        const std::int64_t minutes = (duration / 60) % 60;
        const std::int64_t hours = (duration / 3600) % 24;
        const std::int64_t days = duration / 86400;
        if (days != 0)
            return QStringLiteral("%1%2d %3h %4m %5s")
                .arg(sign)
                .arg(days)
                .arg(hours)
                .arg(minutes)
                .arg(seconds);
        if (hours != 0)
            return QStringLiteral("%1%2h %3m %4s").arg(sign).arg(hours).arg(minutes).arg(seconds);
        if (minutes != 0)
            return QStringLiteral("%1%2m %3s").arg(sign).arg(minutes).arg(seconds);
        return sign + cFormat("%.4g", v) + QLatin1Char('s');
    }
    const char *const prefixes[] = {"", "m", "u", "n", "p", "f", "a", "z", "y"};
    int i = 0;
    while (std::abs(v) < 1 && i < 8) {
        v *= 1000;
        ++i;
    }
    return cFormat("%.4g", v) + QLatin1String(prefixes[i]) + QLatin1Char('s');
}

namespace {

struct Value
{
    bool isNumber = false;
    double number = 0;
    QString text;
    QString str() const { return isNumber ? goFloat(number) : text; }
};

// printf with Go verbs on one argument: %f %.Nf %g %e %d %s %v.
QString goPrintf(const QString &format, const Value &arg, QString *error)
{
    static const QRegularExpression verb(QStringLiteral("%([-+ 0#]*\\d*(?:\\.\\d+)?)([a-zA-Z%])"));
    QString out;
    qsizetype last = 0;
    bool used = false;
    auto it = verb.globalMatch(format);
    while (it.hasNext()) {
        const auto m = it.next();
        out += format.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QChar v = m.captured(2).at(0);
        if (v == u'%') {
            out += QLatin1Char('%');
            continue;
        }
        if (used) {
            out += QStringLiteral("%!") + v + QStringLiteral("(MISSING)");
            continue;
        }
        used = true;
        const QByteArray flags = m.captured(1).toLatin1();
        static const QRegularExpression widthAndPrecision(QStringLiteral("(\\d*)(?:\\.(\\d+))?$"));
        const auto wp = widthAndPrecision.match(m.captured(1));
        auto tooLarge = [](const QString &digits) {
            bool ok = false;
            const qlonglong n = digits.toLongLong(&ok);
            return !digits.isEmpty() && (!ok || n > GoMaxWidth);
        };
        if (tooLarge(wp.captured(1))) {
            out += QStringLiteral("%!(BADWIDTH)");
            continue;
        }
        if (tooLarge(wp.captured(2))) {
            out += QStringLiteral("%!(BADPREC)");
            continue;
        }
        if (v == u's' || (v == u'v' && !arg.isNumber)) {
            out += arg.str();
        } else if (v == u'v') {
            out += goFloat(arg.number);
        } else if (v == u'd') {
            const double x = arg.isNumber ? arg.number : arg.text.toDouble();
            // Past 64 bits (or NaN) the conversion is undefined: Go's words for a value %d cannot print.
            if (!(std::abs(x) < 9.2e18))
                out += QStringLiteral("%!d(float64=") + goFloat(x) + QLatin1Char(')');
            else
                out += QString::number(static_cast<qlonglong>(x));
        } else if (v == u'f' || v == u'g' || v == u'e' || v == u'F' || v == u'G' || v == u'E') {
            const double x = arg.isNumber ? arg.number : arg.text.toDouble();
            const QByteArray spec = QByteArray("%") + flags + QByteArray(1, static_cast<char>(v.toLatin1()));
            out += cFormat(spec.constData(), x);
        } else {
            if (error)
                *error = QStringLiteral("printf verb %%%1 is not supported").arg(v);
            out += m.captured(0);
        }
    }
    return out + format.mid(last);
}

} // namespace

QString expandAlertTemplate(const QString &text, const TemplateData &data, QString *error)
{
    QString out;
    qsizetype pos = 0;
    while (true) {
        const qsizetype open = text.indexOf(QStringLiteral("{{"), pos);
        if (open < 0) {
            out += text.mid(pos);
            break;
        }
        const qsizetype close = text.indexOf(QStringLiteral("}}"), open + 2);
        if (close < 0) {
            if (error)
                *error = QStringLiteral("unclosed {{ in \"%1\"").arg(text);
            return text;
        }
        QString before = text.mid(pos, open - pos);
        QString action = text.mid(open + 2, close - open - 2);
        pos = close + 2;
        // {{- and -}} trim the whitespace around the action, as in Go.
        if (action.startsWith(QLatin1Char('-'))) {
            action.remove(0, 1);
            while (!before.isEmpty() && before.back().isSpace())
                before.chop(1);
        }
        if (action.endsWith(QLatin1Char('-'))) {
            action.chop(1);
            while (pos < text.size() && text.at(pos).isSpace())
                ++pos;
        }
        out += before;
        action = action.trimmed();
        if (action.startsWith(QLatin1String("/*"))) // a comment
            continue;

        // A pipeline: term | fn | fn ...; a term is $value, $labels.x, .Value, .Labels.x, a string or
        // printf "format" term.
        const QStringList stages = action.split(QLatin1Char('|'));
        Value v;
        bool ok = true;
        for (qsizetype s = 0; s < stages.size() && ok; ++s) {
            QString stage = stages[s].trimmed();
            auto term = [&](const QString &t) -> std::optional<Value> {
                if (t == u"$value" || t == u".Value")
                    return Value{true, data.value, {}};
                if (t.startsWith(QLatin1String("$labels.")) || t.startsWith(QLatin1String(".Labels.")))
                    return Value{false, 0, data.labels.value(t.mid(t.indexOf(QLatin1Char('.'), 1) + 1))};
                if (t == u"$labels" || t == u".Labels") {
                    QStringList parts;
                    for (auto it = data.labels.begin(); it != data.labels.end(); ++it)
                        parts << it.key() + QLatin1Char(':') + it.value();
                    return Value{false, 0,
                                 QStringLiteral("map[") + parts.join(QLatin1Char(' ')) + QLatin1Char(']')};
                }
                if (t.size() >= 2 && t.startsWith(QLatin1Char('"')) && t.endsWith(QLatin1Char('"')))
                    return Value{false, 0, t.mid(1, t.size() - 2)};
                bool isNumber = false;
                const double n = t.toDouble(&isNumber);
                if (isNumber)
                    return Value{true, n, {}};
                return std::nullopt;
            };
            if (stage.startsWith(QLatin1String("printf "))) {
                static const QRegularExpression printfCall(
                    QStringLiteral("^printf\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(.*)$"));
                const auto m = printfCall.match(stage);
                if (!m.hasMatch()) {
                    ok = false;
                    break;
                }
                Value arg = v;
                if (!m.captured(2).trimmed().isEmpty()) {
                    const auto t = term(m.captured(2).trimmed());
                    if (!t) {
                        ok = false;
                        break;
                    }
                    arg = *t;
                }
                v = Value{false, 0, goPrintf(m.captured(1), arg, error)};
                continue;
            }
            if (s == 0) {
                const auto t = term(stage);
                if (!t) {
                    ok = false;
                    break;
                }
                v = *t;
                continue;
            }
            const double x = v.isNumber ? v.number : v.text.toDouble();
            if (stage == u"humanize")
                v = Value{false, 0, humanize(x)};
            else if (stage == u"humanize1024")
                v = Value{false, 0, humanize1024(x)};
            else if (stage == u"humanizePercentage")
                v = Value{false, 0, humanizePercentage(x)};
            else if (stage == u"humanizeDuration")
                v = Value{false, 0, humanizeDuration(x)};
            else if (stage == u"toUpper")
                v = Value{false, 0, v.str().toUpper()};
            else if (stage == u"toLower")
                v = Value{false, 0, v.str().toLower()};
            else if (stage == u"title") {
                QString t = v.str();
                bool start = true;
                for (QChar &c : t) {
                    if (start && c.isLetter())
                        c = c.toUpper();
                    start = !c.isLetterOrNumber();
                }
                v = Value{false, 0, t};
            } else
                ok = false;
        }
        if (!ok) {
            if (error)
                *error = QStringLiteral("cannot read the template action {{ %1 }}").arg(action);
            return text;
        }
        out += v.str();
    }
    return out;
}

} // namespace promdeck
