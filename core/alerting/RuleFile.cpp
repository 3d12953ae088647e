#include "alerting/AlertRule.h"
#include "alerting/AlertTemplate.h"
#include "promql/GoText.h"
#include "promql/Parser.h"

#include <QFile>
#include <QRegularExpression>
#include <map>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace promdeck {

int RuleFileResult::ruleCount() const
{
    int n = 0;
    for (const RuleGroup &g : groups)
        n += static_cast<int>(g.rules.size());
    return n;
}

namespace {

int utf8Length(char32_t c)
{
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// Where the byte at `offset` of a scalar's value stands in the YAML text, following how the file
// wrote it: plain (folded lines, indentation), quoted (escapes, '' for '), or a block (| or >).
qsizetype offsetInYaml(const QByteArray &yaml, qsizetype start, const QByteArray &value, int offset)
{
    const char style = start < yaml.size() ? yaml[start] : ' ';
    qsizetype r = start;
    if (style == '|' || style == '>')
        r = yaml.indexOf('\n', start) + 1;
    else if (style == '"' || style == '\'')
        ++r;
    int i = 0;
    while (i < offset && i < value.size() && r < yaml.size()) {
        const char c = yaml[r];
        if (style == '"' && c == '\\') {
            const char e = yaml.at(r + 1);
            if (e == '\n') { // an escaped line break joins the lines
                r += 2;
                continue;
            }
            const int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
            i += digits ? utf8Length(char32_t(yaml.mid(r + 2, digits).toUInt(nullptr, 16))) : 1;
            r += 2 + digits;
            continue;
        }
        if (style == '\'' && c == '\'' && yaml.at(r + 1) == '\'') {
            r += 2;
            ++i;
            continue;
        }
        if (c == value[i]) {
            ++r;
            ++i;
            continue;
        }
        if (c == '\n' && value[i] == ' ') // a line break folded into a space
            ++i;
        ++r; // indentation and other layout the value does not have
    }
    return r;
}

// Line and column from 1; the column counts characters.
SourceLocation locationIn(const QString &file, const QByteArray &text, qsizetype offset)
{
    SourceLocation where{file, 1, 1, {}};
    for (qsizetype i = 0; i < offset && i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++where.line;
            where.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++where.column;
        }
    }
    return where;
}

class Reader
{
public:
    Reader(QString file, RuleFileResult &out) : m_file(std::move(file)), m_out(out) {}

    void error(const YAML::Node &at, const QString &context, const QString &message)
    {
        const YAML::Mark m = at.Mark();
        m_out.errors.push_back(
            Error::at({m_file, m.line + 1, m.column + 1},
                      (context.isEmpty() ? QString() : context + QStringLiteral(": ")) + message));
    }

    static QString text(const YAML::Node &n) { return QString::fromStdString(n.Scalar()); }

    // model.Duration, as Prometheus reads `for`, `keep_firing_for` and `interval`.
    std::optional<std::int64_t> duration(const YAML::Node &n, const QString &context, const char *key)
    {
        if (!n.IsScalar()) {
            error(n, context, QStringLiteral("\"%1\" must be a duration like 5m").arg(QLatin1String(key)));
            return std::nullopt;
        }
        const promql::go::DurationParse d = promql::go::parseDuration(n.Scalar());
        if (!d.error.isEmpty()) {
            error(n, context,
                  QStringLiteral("\"%1\": %2").arg(QLatin1String(key), QString::fromUtf8(d.error)));
            return std::nullopt;
        }
        return d.ms;
    }

    LabelPairs stringMap(const YAML::Node &n, const QString &context, const char *key, bool labelNames)
    {
        LabelPairs out;
        if (n.IsNull())
            return out;
        if (!n.IsMap()) {
            error(n, context,
                  QStringLiteral("\"%1\" must be a map of names to strings").arg(QLatin1String(key)));
            return out;
        }
        static const QRegularExpression labelName(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
        for (const auto &kv : n) {
            const QString name = text(kv.first);
            if (labelNames && !labelName.match(name).hasMatch())
                error(kv.first, context, QStringLiteral("invalid label name \"%1\"").arg(name));
            if (!kv.second.IsScalar()) {
                error(kv.second, context,
                      QStringLiteral("\"%1.%2\" must be a string").arg(QLatin1String(key), name));
                continue;
            }
            out.append({name, text(kv.second)});
        }
        return out;
    }

    // The expression parsed as Prometheus parses it; its error placed where it stands in the file.
    void checkExpression(const YAML::Node &expr, const QString &context, bool alerting)
    {
        const QByteArray value = QByteArray::fromStdString(expr.Scalar());
        const promql::ParseResult parsed = promql::parse(QByteArrayView(value));
        if (parsed.error) {
            const qsizetype at = offsetInYaml(m_bytes, expr.Mark().pos, value, parsed.errorStart);
            m_out.errors.push_back(Error::at(locationIn(m_file, m_bytes, at),
                                             context + QStringLiteral(": could not parse expression: ") +
                                                 parsed.error->toString(),
                                             Error::Kind::Syntax));
            return;
        }
        // Prometheus loads such a rule, then fails every evaluation: "rule result is not a vector
        // or scalar". Better said now.
        const promql::ValueType type = parsed.expression->type(parsed.expression->rootIndex());
        if (alerting && type != promql::ValueType::Vector && type != promql::ValueType::Scalar)
            error(
                expr, context,
                QStringLiteral("an alerting rule's expression must be an instant vector or a scalar, not %1")
                    .arg(QString::fromLatin1(promql::documentedTypeName(type))));
    }

    // Label and annotation values are Go templates: parsed as Prometheus parses them.
    void checkTemplates(const YAML::Node &r, const QString &alertName, const QString &context)
    {
        for (const char *key : {"labels", "annotations"}) {
            const YAML::Node map = r[key];
            if (!map || !map.IsMap())
                continue;
            for (const auto &kv : map) {
                if (!kv.second.IsScalar())
                    continue;
                const QString problem =
                    alertTemplateSyntaxError(text(kv.second), QStringLiteral("__alert_") + alertName);
                if (!problem.isEmpty())
                    error(kv.second, context,
                          QStringLiteral("%1 \"%2\": %3")
                              .arg(QLatin1String(key).chopped(1), text(kv.first), problem));
            }
        }
    }

    void readRule(const YAML::Node &r, RuleGroup &group, int index)
    {
        ++m_out.rulesFound;
        const QString name = r.IsMap() && r["alert"]    ? text(r["alert"])
                             : r.IsMap() && r["record"] ? text(r["record"])
                                                        : QString();
        // As promtool names a rule: group "G", rule N, "NAME".
        const QString context =
            QStringLiteral("group \"%1\", rule %2, \"%3\"").arg(group.name).arg(index + 1).arg(name);
        if (!r.IsMap()) {
            error(r, context, QStringLiteral("a rule must be a map"));
            return;
        }
        const bool recording = bool(r["record"]);
        if (recording && r["alert"]) {
            error(r, context, QStringLiteral("only one of 'record' and 'alert' must be set"));
            return;
        }
        AlertRule rule;
        rule.file = m_file;
        rule.line = r.Mark().line + 1;
        static const QStringList known = {
            QStringLiteral("alert"),      QStringLiteral("record"),          QStringLiteral("expr"),
            QStringLiteral("for"),        QStringLiteral("keep_firing_for"), QStringLiteral("labels"),
            QStringLiteral("annotations")};
        if (name.isEmpty()) {
            error(r, context, QStringLiteral("one of 'record' or 'alert' must be set"));
            return;
        }
        rule.name = name;
        for (const auto &kv : r)
            if (!known.contains(text(kv.first)))
                error(kv.first, context, QStringLiteral("unknown field \"%1\"").arg(text(kv.first)));
        static const QRegularExpression alertName(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_:]*$"));
        if (!alertName.match(rule.name).hasMatch())
            error(recording ? r["record"] : r["alert"], context,
                  recording ? QStringLiteral("invalid recording rule name: %1").arg(rule.name)
                            : QStringLiteral("invalid alert name \"%1\"").arg(rule.name));
        if (!r["expr"] || !r["expr"].IsScalar() || text(r["expr"]).trimmed().isEmpty()) {
            error(r, context, QStringLiteral("field 'expr' must be set in rule"));
        } else {
            rule.expr = text(r["expr"]).trimmed();
            checkExpression(r["expr"], context, !recording);
        }
        if (r["for"])
            rule.forMs = duration(r["for"], context, "for").value_or(0);
        if (r["keep_firing_for"])
            rule.keepFiringForMs = duration(r["keep_firing_for"], context, "keep_firing_for").value_or(0);
        if (r["labels"])
            rule.labels = stringMap(r["labels"], context, "labels", true);
        if (r["annotations"])
            rule.annotations = stringMap(r["annotations"], context, "annotations", true);
        m_names.emplace(std::pair{rule.name, sortedLabels(rule.labels)}, 0).first->second++;
        if (recording) {
            if (!rule.annotations.isEmpty())
                error(r["record"], context, QStringLiteral("invalid field 'annotations' in recording rule"));
            if (rule.forMs)
                error(r["record"], context, QStringLiteral("invalid field 'for' in recording rule"));
            if (rule.keepFiringForMs)
                error(r["record"], context,
                      QStringLiteral("invalid field 'keep_firing_for' in recording rule"));
            m_out.warnings.push_back(
                Error::warningAt({m_file, r.Mark().line + 1, r.Mark().column + 1},
                                 QStringLiteral("%1: recording rule \"%2\" is not evaluated by "
                                                "Promdeck")
                                     .arg(context, rule.name)));
            return;
        }
        checkTemplates(r, rule.name, context);
        for (const auto &[annotation, value] : rule.annotations) {
            if (annotation == u"promdeck_on_error") {
                if (value == u"alerting")
                    rule.onError = AlertRule::ErrorPolicy::Alerting;
                else if (value != u"keep")
                    error(r["annotations"], context,
                          QStringLiteral("promdeck_on_error must be keep or alerting"));
            } else if (annotation == u"promdeck_no_data") {
                if (value == u"alerting")
                    rule.noData = AlertRule::NoDataPolicy::Alerting;
                else if (value != u"ok")
                    error(r["annotations"], context,
                          QStringLiteral("promdeck_no_data must be ok or alerting"));
            }
        }
        group.rules.push_back(std::move(rule));
    }

    static LabelPairs sortedLabels(LabelPairs labels)
    {
        std::sort(labels.begin(), labels.end());
        return labels;
    }

    void read(const QByteArray &bytes)
    {
        m_bytes = bytes;
        YAML::Node root;
        try {
            root = YAML::Load(bytes.toStdString());
        } catch (const YAML::DeepRecursion &e) {
            // yaml-cpp's own words here are "bad file".
            m_out.errors.push_back(Error::at(
                {m_file, e.mark.line + 1, e.mark.column + 1},
                QStringLiteral("the YAML nests deeper than %1 levels: not a rule file").arg(e.depth()),
                Error::Kind::Syntax));
            return;
        } catch (const YAML::ParserException &e) {
            m_out.errors.push_back(Error::at({m_file, e.mark.line + 1, e.mark.column + 1},
                                             QString::fromStdString(e.msg), Error::Kind::Syntax));
            return;
        }
        if (!root.IsMap() || !root["groups"]) {
            m_out.errors.push_back(Error::at({m_file, 1, 1}, QStringLiteral("a rule file needs \"groups\"")));
            return;
        }
        for (const auto &kv : root)
            if (text(kv.first) != u"groups")
                error(kv.first, {}, QStringLiteral("unknown field \"%1\"").arg(text(kv.first)));
        const YAML::Node groups = root["groups"];
        if (!groups.IsSequence()) {
            error(groups, {}, QStringLiteral("\"groups\" must be a list"));
            return;
        }
        QStringList names;
        for (const YAML::Node &g : groups) {
            RuleGroup group;
            group.file = m_file;
            if (!g.IsMap() || !g["name"] || !g["name"].IsScalar() || text(g["name"]).isEmpty()) {
                error(g, {}, QStringLiteral("Groupname must not be empty"));
                continue;
            }
            group.name = text(g["name"]);
            const QString context = QStringLiteral("group \"%1\"").arg(group.name);
            if (names.contains(group.name))
                error(g, {},
                      QStringLiteral("groupname: \"%1\" is repeated in the same file").arg(group.name));
            names << group.name;
            static const QStringList known = {QStringLiteral("name"), QStringLiteral("interval"),
                                              QStringLiteral("rules"), QStringLiteral("limit")};
            for (const auto &kv : g)
                if (!known.contains(text(kv.first)))
                    error(kv.first, context, QStringLiteral("unknown field \"%1\"").arg(text(kv.first)));
            if (g["interval"])
                group.intervalMs = duration(g["interval"], context, "interval").value_or(0);
            const YAML::Node rules = g["rules"];
            if (!rules || !rules.IsSequence()) {
                error(g, context, QStringLiteral("\"rules\" must be a list"));
                continue;
            }
            int i = 0;
            for (const YAML::Node &r : rules)
                readRule(r, group, i++);
            m_out.groups.push_back(std::move(group));
        }
        for (const auto &[key, count] : m_names) {
            if (count < 2)
                continue;
            QString entry = QStringLiteral("Metric: %1\nLabel(s):\n").arg(key.first);
            for (const auto &[label, value] : key.second)
                entry += QStringLiteral("\t%1: %2\n").arg(label, value);
            m_out.duplicates << entry;
        }
    }

private:
    QString m_file;
    QByteArray m_bytes;
    RuleFileResult &m_out;
    std::map<std::pair<QString, LabelPairs>, int> m_names; // for duplicates: name and sorted labels
};

} // namespace

RuleFileResult parseRuleFile(const QByteArray &yaml, const QString &fileName)
{
    RuleFileResult out;
    Reader(fileName, out).read(yaml);
    return out;
}

RuleFileResult loadRuleFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        RuleFileResult out;
        out.errors.push_back(Error::at({path}, f.errorString(), Error::Kind::Io));
        return out;
    }
    return parseRuleFile(f.readAll(), path);
}

} // namespace promdeck
