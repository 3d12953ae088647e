#include "alerting/AlertRule.h"
#include "series/TimeRange.h"

#include <QFile>
#include <QRegularExpression>
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

    std::optional<std::int64_t> duration(const YAML::Node &n, const QString &context, const char *key)
    {
        if (!n.IsScalar()) {
            error(n, context, QStringLiteral("\"%1\" must be a duration like 5m").arg(QLatin1String(key)));
            return std::nullopt;
        }
        const auto ms = parseDurationMs(text(n));
        if (!ms || *ms < 0) {
            error(n, context,
                  QStringLiteral("\"%1\": cannot read the duration \"%2\" (like 30s, 5m, 1h30m)")
                      .arg(QLatin1String(key), text(n)));
            return std::nullopt;
        }
        return *ms;
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

    void readRule(const YAML::Node &r, RuleGroup &group, int index)
    {
        QString context = QStringLiteral("group %1, rule %2").arg(group.name).arg(index + 1);
        if (!r.IsMap()) {
            error(r, context, QStringLiteral("a rule must be a map"));
            return;
        }
        if (r["record"]) {
            m_out.warnings.push_back(
                Error::warningAt({m_file, r.Mark().line + 1, r.Mark().column + 1},
                                 QStringLiteral("%1: recording rule \"%2\" is not evaluated by Promdeck")
                                     .arg(context, text(r["record"]))));
            return;
        }
        AlertRule rule;
        rule.file = m_file;
        rule.line = r.Mark().line + 1;
        static const QStringList known = {QStringLiteral("alert"),  QStringLiteral("expr"),
                                          QStringLiteral("for"),    QStringLiteral("keep_firing_for"),
                                          QStringLiteral("labels"), QStringLiteral("annotations")};
        if (!r["alert"] || !r["alert"].IsScalar() || text(r["alert"]).isEmpty()) {
            error(r, context, QStringLiteral("a rule needs \"alert\" (or \"record\")"));
            return;
        }
        rule.name = text(r["alert"]);
        context = QStringLiteral("group %1, rule %2").arg(group.name, rule.name);
        for (const auto &kv : r)
            if (!known.contains(text(kv.first)))
                error(kv.first, context, QStringLiteral("unknown field \"%1\"").arg(text(kv.first)));
        static const QRegularExpression alertName(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_:]*$"));
        if (!alertName.match(rule.name).hasMatch())
            error(r["alert"], context, QStringLiteral("invalid alert name \"%1\"").arg(rule.name));
        if (!r["expr"] || !r["expr"].IsScalar() || text(r["expr"]).trimmed().isEmpty())
            error(r, context, QStringLiteral("\"expr\" is missing or empty"));
        else
            rule.expr = text(r["expr"]).trimmed();
        if (r["for"])
            rule.forMs = duration(r["for"], context, "for").value_or(0);
        if (r["keep_firing_for"])
            rule.keepFiringForMs = duration(r["keep_firing_for"], context, "keep_firing_for").value_or(0);
        if (r["labels"])
            rule.labels = stringMap(r["labels"], context, "labels", true);
        if (r["annotations"])
            rule.annotations = stringMap(r["annotations"], context, "annotations", true);
        for (const auto &[name, value] : rule.annotations) {
            if (name == u"promdeck_on_error") {
                if (value == u"alerting")
                    rule.onError = AlertRule::ErrorPolicy::Alerting;
                else if (value != u"keep")
                    error(r["annotations"], context,
                          QStringLiteral("promdeck_on_error must be keep or alerting"));
            } else if (name == u"promdeck_no_data") {
                if (value == u"alerting")
                    rule.noData = AlertRule::NoDataPolicy::Alerting;
                else if (value != u"ok")
                    error(r["annotations"], context,
                          QStringLiteral("promdeck_no_data must be ok or alerting"));
            }
        }
        group.rules.push_back(std::move(rule));
    }

    void read(const QByteArray &bytes)
    {
        YAML::Node root;
        try {
            root = YAML::Load(bytes.toStdString());
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
            if (!g.IsMap() || !g["name"] || !g["name"].IsScalar()) {
                error(g, {}, QStringLiteral("a group needs a \"name\""));
                continue;
            }
            group.name = text(g["name"]);
            const QString context = QStringLiteral("group %1").arg(group.name);
            if (names.contains(group.name))
                error(g["name"], context, QStringLiteral("a group of this name is already in the file"));
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
    }

private:
    QString m_file;
    RuleFileResult &m_out;
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
