#include "query/Variables.h"

#include "query/StepRule.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <functional>

namespace promdeck {

namespace {

const QString AllMarker = QStringLiteral("$__all");

// Escapes what PromQL's regex matchers would read as special, as Grafana's Prometheus data source does.
QString escapeRegex(const QString &value)
{
    static const QRegularExpression special(QStringLiteral("([\\\\^$*+?.()|{}\\[\\]])"));
    QString out = value;
    return out.replace(special, QStringLiteral("\\\\\\1"));
}

QString alternation(const QStringList &values, bool escape)
{
    QStringList parts;
    for (const QString &v : values)
        parts << (escape ? escapeRegex(v) : v);
    const QString joined = parts.join(QLatin1Char('|'));
    return parts.size() > 1 ? QLatin1Char('(') + joined + QLatin1Char(')') : joined;
}

QString formatValue(const VariableValue &v, const QString &fmt)
{
    if (fmt == u"__display")
        return v.all ? QStringLiteral("All") : v.selected.join(QStringLiteral(", "));
    if (fmt.isEmpty()) {
        if (v.all && !v.allValue.isEmpty())
            return v.allValue;
        if (!v.multiFormat)
            return v.selected.value(0);
        return alternation(v.selected, true);
    }
    if (fmt == u"regex")
        return (v.all && !v.allValue.isEmpty()) ? v.allValue : alternation(v.selected, true);
    if (fmt == u"pipe")
        return v.selected.join(QLatin1Char('|'));
    if (fmt == u"csv")
        return v.selected.join(QLatin1Char(','));
    return v.selected.join(QLatin1Char(',')); // raw, text and formats Prometheus has no use for
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

} // namespace

QString formatVariable(const VariableValue &value, const QString &format)
{
    return formatValue(value, format);
}

const VariableValue *VariableValues::find(QStringView name) const
{
    for (const VariableValue &v : m_values) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

void VariableValues::set(VariableValue value)
{
    for (VariableValue &v : m_values) {
        if (v.name == value.name) {
            v = std::move(value);
            return;
        }
    }
    m_values.push_back(std::move(value));
}

QMap<QString, QString> VariableValues::selections() const
{
    QMap<QString, QString> out;
    for (const VariableValue &v : m_values)
        out.insert(v.name, v.all ? AllMarker : v.selected.join(QLatin1Char('|')));
    return out;
}

namespace {
QString substitute(const QString &expr, const VariableValues &values, const QString &forcedFormat);
}

QString substituteVariables(const QString &expr, const VariableValues &values)
{
    return substitute(expr, values, {});
}

bool panelMentionsAny(const Panel &panel, const QStringList &names)
{
    for (const QString &name : names) {
        if (mentionsVariable(panel.title, name) || mentionsVariable(panel.interval, name))
            return true;
        for (const Target &t : panel.targets) {
            if (mentionsVariable(t.expr, name) || mentionsVariable(t.legendFormat, name) ||
                mentionsVariable(t.interval, name))
                return true;
        }
    }
    return false;
}

QStringList changedVariables(const VariableValues &before, const VariableValues &after)
{
    auto written = [](const VariableValue *v) {
        if (!v)
            return QStringList{QStringLiteral("\x01absent")};
        QStringList w = v->selected;
        if (v->all)
            w << QStringLiteral("\x01all") << v->allValue;
        return w;
    };
    QStringList changed;
    for (const VariableValue &v : after.all()) {
        if (written(before.find(v.name)) != written(&v))
            changed << v.name;
    }
    for (const VariableValue &v : before.all()) {
        if (!after.find(v.name))
            changed << v.name;
    }
    return changed;
}

QString substituteVariablesForDisplay(const QString &text, const VariableValues &values)
{
    return substitute(text, values, QStringLiteral("__display"));
}

namespace {
QString substitute(const QString &expr, const VariableValues &values, const QString &forcedFormat)
{
    if (values.isEmpty() || (!expr.contains(QLatin1Char('$')) && !expr.contains(QLatin1String("[["))))
        return expr;
    QString out;
    out.reserve(expr.size());
    qsizetype i = 0;
    while (i < expr.size()) {
        const QChar c = expr[i];
        if (c == u'$' && i + 1 < expr.size() && expr[i + 1] == u'{') {
            const qsizetype close = expr.indexOf(QLatin1Char('}'), i + 2);
            if (close > 0) {
                const QString inner = expr.mid(i + 2, close - i - 2);
                const qsizetype colon = inner.indexOf(QLatin1Char(':'));
                const QString name = colon < 0 ? inner : inner.left(colon);
                if (const VariableValue *v = values.find(name)) {
                    out += formatValue(*v, !forcedFormat.isEmpty()
                                               ? forcedFormat
                                               : (colon < 0 ? QString() : inner.mid(colon + 1)));
                    i = close + 1;
                    continue;
                }
            }
        } else if (c == u'$') {
            qsizetype end = i + 1;
            while (end < expr.size() && isNameChar(expr[end]))
                ++end;
            if (const VariableValue *v = values.find(QStringView(expr).mid(i + 1, end - i - 1));
                v && end > i + 1) {
                out += formatValue(*v, forcedFormat);
                i = end;
                continue;
            }
        } else if (c == u'[' && expr.mid(i, 2) == u"[[") {
            const qsizetype close = expr.indexOf(QLatin1String("]]"), i + 2);
            if (close > 0) {
                const QString inner = expr.mid(i + 2, close - i - 2);
                const qsizetype colon = inner.indexOf(QLatin1Char(':'));
                if (const VariableValue *v = values.find(colon < 0 ? inner : inner.left(colon))) {
                    out += formatValue(*v, !forcedFormat.isEmpty()
                                               ? forcedFormat
                                               : (colon < 0 ? QString() : inner.mid(colon + 1)));
                    i = close + 2;
                    continue;
                }
            }
        }
        out += c;
        ++i;
    }
    return out;
}

} // namespace

bool mentionsVariable(const QString &expr, const QString &name)
{
    const QRegularExpression re(QStringLiteral("\\$%1(?![A-Za-z0-9_])|\\$\\{%1[}:]|\\[\\[%1[\\]:]")
                                    .arg(QRegularExpression::escape(name)));
    return re.match(expr).hasMatch();
}

VariableResolver::VariableResolver(DataSource *source, QObject *parent) : QObject(parent), m_source(source) {}

void VariableResolver::resolve(const Dashboard &dashboard, const TimeRange &range,
                               const QMap<QString, QString> &overrides,
                               const QMap<QString, QString> &preferred)
{
    m_preferred = preferred;
    m_pending = dashboard.variables;
    m_index = 0;
    m_range = range;
    m_overrides = overrides;
    m_values = {};
    m_errors.clear();
    m_finished = false;
    reportCycles();
    next();
}

void VariableResolver::reportCycles()
{
    // Variables that refer to each other cannot all be resolved: Grafana refuses them, and so do we,
    // by name, instead of resolving them silently to nothing.
    const qsizetype n = m_pending.size();
    std::vector<std::vector<qsizetype>> uses(static_cast<size_t>(n));
    for (qsizetype i = 0; i < n; ++i)
        for (qsizetype j = 0; j < n; ++j)
            if (i != j && (mentionsVariable(m_pending[i].query, m_pending[j].name) ||
                           mentionsVariable(m_pending[i].regex, m_pending[j].name)))
                uses[static_cast<size_t>(i)].push_back(j);
    enum Mark
    {
        Unvisited,
        OnPath,
        Done
    };
    std::vector<Mark> mark(static_cast<size_t>(n), Unvisited);
    std::vector<qsizetype> path;
    std::function<void(qsizetype)> visit = [&](qsizetype i) {
        mark[static_cast<size_t>(i)] = OnPath;
        path.push_back(i);
        for (qsizetype j : uses[static_cast<size_t>(i)]) {
            if (mark[static_cast<size_t>(j)] == OnPath) {
                QStringList names;
                for (auto it = std::find(path.begin(), path.end(), j); it != path.end(); ++it)
                    names << QLatin1Char('$') + m_pending[*it].name;
                names << QLatin1Char('$') + m_pending[j].name;
                m_errors << QStringLiteral("%1: variables refer to each other in a cycle: %2")
                                .arg(m_pending[j].name, names.join(QStringLiteral(" → ")));
            } else if (mark[static_cast<size_t>(j)] == Unvisited) {
                visit(j);
            }
        }
        path.pop_back();
        mark[static_cast<size_t>(i)] = Done;
    };
    for (qsizetype i = 0; i < n; ++i)
        if (mark[static_cast<size_t>(i)] == Unvisited)
            visit(i);
}

namespace {
// Runs of digits compare as numbers, the rest ignoring case (Grafana's natural sort: a collator with
// numeric ordering, base sensitivity), not depending on the system's collation library.
int naturalCompare(QStringView a, QStringView b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i, ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            // Compare without leading zeros: longer means larger, then digit by digit.
            QStringView na = a.mid(i, ei - i), nb = b.mid(j, ej - j);
            while (na.size() > 1 && na.front() == u'0')
                na = na.mid(1);
            while (nb.size() > 1 && nb.front() == u'0')
                nb = nb.mid(1);
            if (na.size() != nb.size())
                return na.size() < nb.size() ? -1 : 1;
            if (const int c = na.compare(nb); c != 0)
                return c;
            i = ei;
            j = ej;
            continue;
        }
        const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    return (a.size() - i > 0) - (b.size() - j > 0);
}
} // namespace

void sortOptions(QStringList &options, int mode)
{
    if (mode <= 0 || mode > 8)
        return;
    // Grafana sorts ascending (stably) and reverses for the descending modes.
    auto stable = [&](auto less) { std::stable_sort(options.begin(), options.end(), less); };
    switch ((mode + 1) / 2) {
    case 1:
        stable([](const QString &a, const QString &b) { return a < b; });
        break;
    case 2: {
        // The first run of digits, as a number; options without one come first (-1).
        static const QRegularExpression digits(QStringLiteral("(\\d+)"));
        auto number = [](const QString &s) {
            const auto m = digits.match(s);
            return m.hasMatch() ? m.captured(1).toDouble() : -1.0;
        };
        stable([&](const QString &a, const QString &b) { return number(a) < number(b); });
        break;
    }
    case 3:
        stable([](const QString &a, const QString &b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
        break;
    case 4:
        stable([](const QString &a, const QString &b) { return naturalCompare(a, b) < 0; });
        break;
    }
    if (mode % 2 == 0)
        std::reverse(options.begin(), options.end());
}

void VariableResolver::settle(const Variable &variable, QStringList options)
{
    // The regex keeps matching options; with a capture group, the first group is what is shown.
    if (!variable.regex.isEmpty()) {
        QString pattern = variable.regex;
        QRegularExpression::PatternOptions flags;
        if (pattern.size() > 1 && pattern.startsWith(QLatin1Char('/')) &&
            pattern.lastIndexOf(QLatin1Char('/')) > 0) {
            const qsizetype end = pattern.lastIndexOf(QLatin1Char('/'));
            if (pattern.mid(end + 1).contains(QLatin1Char('i')))
                flags |= QRegularExpression::CaseInsensitiveOption;
            pattern = pattern.mid(1, end - 1);
        }
        const QRegularExpression re(substituteVariables(pattern, m_values), flags);
        if (!re.isValid()) {
            // Said, and the options kept unfiltered: a typo in the regex must not empty every panel.
            m_errors << QStringLiteral("%1: invalid regex at column %2: %3")
                            .arg(variable.name)
                            .arg(re.patternErrorOffset() + 1)
                            .arg(re.errorString());
        } else {
            QStringList kept;
            for (const QString &o : options) {
                const auto m = re.match(o);
                if (m.hasMatch())
                    kept << (re.captureCount() > 0 ? m.captured(1) : o);
            }
            options = kept;
        }
    }
    options.removeDuplicates();
    if (variable.type == Variable::Type::Query)
        sortOptions(options, variable.sort);

    VariableValue value;
    value.name = variable.name;
    value.options = options;
    value.multiFormat = variable.multi || variable.includeAll;
    value.allValue = variable.allValue;
    QStringList wanted = variable.current;
    if (m_preferred.contains(variable.name))
        wanted = m_preferred.value(variable.name).split(QLatin1Char('|'));
    const bool fixed = m_overrides.contains(variable.name);
    if (fixed)
        wanted = m_overrides.value(variable.name).split(QLatin1Char('|'));
    const bool free = variable.type == Variable::Type::TextBox || variable.type == Variable::Type::Constant;
    if (variable.includeAll && wanted.contains(AllMarker)) {
        value.all = true;
        value.selected = options;
    } else if (free || fixed) {
        value.selected = wanted.isEmpty() ? options : wanted;
    } else {
        for (const QString &w : wanted)
            if (options.contains(w))
                value.selected << w;
        if (value.selected.isEmpty() && !options.isEmpty()) // the saved choice is gone: the first option
            value.selected << options.front();
        if (!variable.multi && value.selected.size() > 1)
            value.selected = value.selected.mid(0, 1);
    }
    m_values.set(std::move(value));
    ++m_index;
    next();
}

void VariableResolver::next()
{
    if (m_index >= m_pending.size()) {
        m_finished = true;
        emit finished();
        return;
    }
    const Variable &v = m_pending[m_index];
    const QString query = substituteVariables(v.query, m_values);
    auto splitList = [](const QString &text) {
        QStringList out;
        for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            // Grafana's custom variables may be written "text : value".
            const qsizetype sep = part.indexOf(QLatin1String(" : "));
            out << (sep < 0 ? part.trimmed() : part.mid(sep + 3).trimmed());
        }
        return out;
    };
    switch (v.type) {
    case Variable::Type::Custom:
        settle(v, splitList(query));
        return;
    case Variable::Type::Constant:
    case Variable::Type::TextBox:
        settle(v, {query});
        return;
    case Variable::Type::DataSource:
        settle(v, {QStringLiteral("default")});
        return;
    case Variable::Type::Interval: {
        QStringList options = splitList(query);
        if (v.autoInterval) {
            // As Grafana: the range over the wanted count of steps, not below the minimum.
            const std::int64_t autoMs = std::max(m_range.durationMs() / std::max(1, v.autoCount),
                                                 parseDurationMs(v.autoMin).value_or(0));
            options.prepend(formatPromDuration(autoMs));
        }
        settle(v, options);
        return;
    }
    case Variable::Type::Unsupported:
        m_errors << QStringLiteral("%1: variables of type \"%2\" are not supported").arg(v.name, v.typeName);
        settle(v, {});
        return;
    case Variable::Type::Query:
        break;
    }

    // label_values(label), label_values(selector, label), label_names(), query_result(expr), metrics(re)
    static const QRegularExpression labelValues(QStringLiteral(
        "^\\s*label_values\\s*\\((?:\\s*(.+?)\\s*,)?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$"));
    static const QRegularExpression labelNames(
        QStringLiteral("^\\s*label_names\\s*\\(\\s*(.*?)\\s*\\)\\s*$"));
    static const QRegularExpression queryResult(QStringLiteral("^\\s*query_result\\s*\\((.+)\\)\\s*$"));
    static const QRegularExpression metrics(QStringLiteral("^\\s*metrics\\s*\\((.*)\\)\\s*$"));
    const QString name = v.name;
    auto fromMetadata = [this, name](MetadataReply *reply,
                                     std::function<QStringList(const QStringList &)> shape) {
        connect(reply, &MetadataReply::finished, this, [this, reply, name, shape] {
            reply->deleteLater();
            const Variable &current = m_pending[m_index];
            if (!reply->ok()) {
                m_errors << QStringLiteral("%1: %2").arg(name, reply->error().message());
                settle(current, {});
                return;
            }
            settle(current, shape(reply->strings()));
        });
    };
    auto identity = [](const QStringList &l) { return l; };
    if (const auto m = labelValues.match(query); m.hasMatch()) {
        const QString selector = m.captured(1);
        fromMetadata(m_source->labelValues(
                         m.captured(2), selector.isEmpty() ? QStringList() : QStringList{selector}, m_range),
                     identity);
        return;
    }
    if (const auto m = labelNames.match(query); m.hasMatch()) {
        const QString selector = m.captured(1);
        fromMetadata(
            m_source->labelNames(selector.isEmpty() ? QStringList() : QStringList{selector}, m_range),
            identity);
        return;
    }
    if (const auto m = metrics.match(query); m.hasMatch()) {
        const QRegularExpression filter(m.captured(1).trimmed());
        if (!filter.isValid()) {
            m_errors << QStringLiteral("%1: invalid regex at column %2 of metrics(): %3")
                            .arg(name)
                            .arg(filter.patternErrorOffset() + 1)
                            .arg(filter.errorString());
            settle(v, {});
            return;
        }
        fromMetadata(m_source->labelValues(QStringLiteral("__name__"), {}, m_range),
                     [filter](const QStringList &names) {
                         QStringList kept;
                         for (const QString &n : names)
                             if (filter.match(n).hasMatch())
                                 kept << n;
                         return kept;
                     });
        return;
    }
    if (const auto m = queryResult.match(query); m.hasMatch()) {
        QueryReply *reply = m_source->queryInstant({m.captured(1).trimmed(), m_range.toMs, {}});
        connect(reply, &QueryReply::finished, this, [this, reply, name] {
            reply->deleteLater();
            const Variable &current = m_pending[m_index];
            if (!reply->outcome().ok()) {
                m_errors << QStringLiteral("%1: %2").arg(name, reply->outcome().error.message());
                settle(current, {});
                return;
            }
            // As Grafana writes each result: `metric{labels} value timestamp`, for the regex to cut.
            QStringList lines;
            for (const Series &s : reply->outcome().result->series)
                lines << QStringLiteral("%1 %2 %3")
                             .arg(s.labels.toString())
                             .arg(s.values.empty() ? 0.0 : s.values.back(), 0, 'g', 17)
                             .arg(s.timestampsMs.empty() ? 0 : s.timestampsMs.back());
            settle(current, lines);
        });
        return;
    }
    m_errors << QStringLiteral("%1: cannot read the variable query \"%2\"").arg(name, query);
    settle(v, {});
}

} // namespace promdeck
