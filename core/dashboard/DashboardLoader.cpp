#include "dashboard/DashboardLoader.h"

#include "json/LocatedJson.h"
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace promdeck {

using json::LocatedJson;

namespace {

// Grafana's grid: a row unit is 30 px plus an 8 px margin; old rows gave heights in pixels.
constexpr int GridUnitPx = 38;
constexpr int GridColumns = 24;

class Loader
{
public:
    Loader(const QByteArray &bytes, QString file) : m_bytes(bytes), m_file(std::move(file)) {}

    DashboardLoadResult run()
    {
        DashboardLoadResult result;
        LocatedJson::ParseError parseError;
        auto root = LocatedJson::parse(m_bytes, parseError);
        if (!root) {
            addAt(parseError.offset, {}, parseError.message, Error::Severity::Error, Error::Kind::Syntax);
            result.diagnostics = std::move(m_diagnostics);
            return result;
        }
        const LocatedJson *top = &*root;
        QString path = QStringLiteral("$");
        if (!top->isObject()) {
            error(*top, path,
                  QStringLiteral("a dashboard must be a JSON object, found %1")
                      .arg(LocatedJson::typeName(top->type())));
            result.diagnostics = std::move(m_diagnostics);
            return result;
        }
        // The HTTP API and some exports wrap the model: {"dashboard": {...}, "meta": {...}}.
        if (const LocatedJson *inner = top->member(u"dashboard");
            inner && inner->isObject() && !top->member(u"panels")) {
            top = inner;
            path = QStringLiteral("$.dashboard");
        }
        Dashboard d = readDashboard(*top, path);
        if (!hasErrors())
            result.dashboard = std::move(d);
        result.diagnostics = std::move(m_diagnostics);
        return result;
    }

private:
    bool hasErrors() const
    {
        return std::any_of(m_diagnostics.begin(), m_diagnostics.end(),
                           [](const Error &d) { return !d.isWarning(); });
    }

    void addAt(qsizetype offset, const QString &path, const QString &message,
               Error::Severity severity = Error::Severity::Error, Error::Kind kind = Error::Kind::Invalid)
    {
        const auto pos = json::textPosition(m_bytes, offset);
        Error e = Error::at({m_file, pos.line, pos.column, path}, message, kind);
        e.severity = severity;
        m_diagnostics.push_back(std::move(e));
    }
    void error(const LocatedJson &node, const QString &path, const QString &message)
    {
        addAt(node.offset(), path, message);
    }
    void warning(const LocatedJson &node, const QString &path, const QString &message)
    {
        addAt(node.offset(), path, message, Error::Severity::Warning, Error::Kind::Unsupported);
    }
    void wrongType(const LocatedJson &node, const QString &path, const QString &expected)
    {
        error(node, path,
              QStringLiteral("expected %1, found %2").arg(expected, LocatedJson::typeName(node.type())));
    }

    static QString child(const QString &path, const QString &key) { return path + QLatin1Char('.') + key; }
    static QString index(const QString &path, size_t i) { return path + QStringLiteral("[%1]").arg(i); }

    // Typed accessors: absent or null gives nullopt; a wrong type is an error at that value.
    std::optional<QString> string(const LocatedJson &obj, const QString &path, QStringView key)
    {
        const LocatedJson *v = obj.member(key);
        if (!v || v->isNull())
            return std::nullopt;
        if (!v->isString()) {
            wrongType(*v, child(path, key.toString()), QStringLiteral("a string"));
            return std::nullopt;
        }
        return v->string();
    }

    // Numbers may be written as strings in dashboards edited by hand or by old Grafana versions.
    std::optional<double> number(const LocatedJson &obj, const QString &path, QStringView key)
    {
        const LocatedJson *v = obj.member(key);
        if (!v || v->isNull())
            return std::nullopt;
        if (v->isNumber())
            return v->number();
        if (v->isString()) {
            if (v->string().trimmed().isEmpty())
                return std::nullopt;
            bool ok = false;
            const double d = v->string().trimmed().toDouble(&ok);
            if (ok)
                return d;
        }
        wrongType(*v, child(path, key.toString()), QStringLiteral("a number"));
        return std::nullopt;
    }

    std::optional<int> integer(const LocatedJson &obj, const QString &path, QStringView key)
    {
        const auto d = number(obj, path, key);
        if (!d)
            return std::nullopt;
        if (std::floor(*d) != *d || std::fabs(*d) > 1e9) {
            error(*obj.member(key), child(path, key.toString()),
                  QStringLiteral("expected a whole number, found %1").arg(*d));
            return std::nullopt;
        }
        return static_cast<int>(*d);
    }

    std::optional<bool> boolean(const LocatedJson &obj, const QString &path, QStringView key)
    {
        const LocatedJson *v = obj.member(key);
        if (!v || v->isNull())
            return std::nullopt;
        if (!v->isBool()) {
            wrongType(*v, child(path, key.toString()), QStringLiteral("true or false"));
            return std::nullopt;
        }
        return v->boolean();
    }

    const LocatedJson *object(const LocatedJson &obj, const QString &path, QStringView key)
    {
        const LocatedJson *v = obj.member(key);
        if (!v || v->isNull())
            return nullptr;
        if (!v->isObject()) {
            wrongType(*v, child(path, key.toString()), QStringLiteral("an object"));
            return nullptr;
        }
        return v;
    }

    const LocatedJson *array(const LocatedJson &obj, const QString &path, QStringView key)
    {
        const LocatedJson *v = obj.member(key);
        if (!v || v->isNull())
            return nullptr;
        if (!v->isArray()) {
            wrongType(*v, child(path, key.toString()), QStringLiteral("an array"));
            return nullptr;
        }
        return v;
    }

    Dashboard readDashboard(const LocatedJson &obj, const QString &path)
    {
        Dashboard d;
        d.fileName = m_file;
        d.sourceJson = m_bytes;
        d.title = string(obj, path, u"title").value_or(QFileInfo(m_file).completeBaseName());
        d.uid = string(obj, path, u"uid").value_or(QString());
        d.schemaVersion = integer(obj, path, u"schemaVersion").value_or(0);
        readTime(obj, path, d);
        if (const LocatedJson *refresh = obj.member(u"refresh"); refresh && refresh->isString()) {
            d.refresh = refresh->string();
            if (!d.refresh.isEmpty() && !parseDurationMs(d.refresh))
                warning(
                    *refresh, child(path, QStringLiteral("refresh")),
                    QStringLiteral("cannot read the refresh interval \"%1\"; refresh is off").arg(d.refresh));
        } else if (refresh && !refresh->isBool() && !refresh->isNull()) {
            wrongType(*refresh, child(path, QStringLiteral("refresh")),
                      QStringLiteral("a duration string or false"));
        }

        if (const LocatedJson *templating = object(obj, path, u"templating")) {
            const QString tp = child(path, QStringLiteral("templating"));
            if (const LocatedJson *list = array(*templating, tp, u"list"))
                readVariables(*list, child(tp, QStringLiteral("list")), d.variables);
        }
        readDatasourceNames(obj, d.variables);
        if (const LocatedJson *panels = array(obj, path, u"panels"))
            readPanelList(*panels, child(path, QStringLiteral("panels")), d.panels, 0);
        if (const LocatedJson *rows = array(obj, path, u"rows"))
            readLegacyRows(*rows, child(path, QStringLiteral("rows")), d.panels);
        assignIds(d);
        return d;
    }

    void readVariables(const LocatedJson &list, const QString &path, std::vector<Variable> &out)
    {
        for (size_t i = 0; i < list.items().size(); ++i) {
            const LocatedJson &v = list.items()[i];
            const QString vp = index(path, i);
            if (!v.isObject()) {
                wrongType(v, vp, QStringLiteral("a variable object"));
                continue;
            }
            Variable var;
            var.name = string(v, vp, u"name").value_or(QString());
            if (var.name.isEmpty()) {
                error(v, vp, QStringLiteral("a variable needs a \"name\""));
                continue;
            }
            var.label = string(v, vp, u"label").value_or(QString());
            var.typeName = string(v, vp, u"type").value_or(QStringLiteral("query"));
            static const std::pair<const char16_t *, Variable::Type> types[] = {
                {u"query", Variable::Type::Query},       {u"custom", Variable::Type::Custom},
                {u"constant", Variable::Type::Constant}, {u"interval", Variable::Type::Interval},
                {u"textbox", Variable::Type::TextBox},   {u"datasource", Variable::Type::DataSource}};
            for (const auto &[name, type] : types) {
                if (var.typeName == QStringView(name))
                    var.type = type;
            }
            // The query is a string, or (Grafana 9+) an object holding it.
            if (const LocatedJson *q = v.member(u"query")) {
                if (q->isString())
                    var.query = q->string();
                else if (q->isObject())
                    var.query = string(*q, child(vp, QStringLiteral("query")), u"query").value_or(QString());
            }
            var.regex = string(v, vp, u"regex").value_or(QString());
            var.multi = v.member(u"multi") && v.member(u"multi")->isBool() && v.member(u"multi")->boolean();
            var.includeAll = v.member(u"includeAll") && v.member(u"includeAll")->isBool() &&
                             v.member(u"includeAll")->boolean();
            var.allValue = string(v, vp, u"allValue").value_or(QString());
            // Grafana: 0 never, 1 on load, 2 on load and on every time range change.
            var.refreshOnTimeChange = integer(v, vp, u"refresh").value_or(1) == 2;
            var.sort = static_cast<int>(integer(v, vp, u"sort").value_or(0));
            var.hide = static_cast<int>(integer(v, vp, u"hide").value_or(0));
            var.autoInterval =
                v.member(u"auto") && v.member(u"auto")->isBool() && v.member(u"auto")->boolean();
            var.autoCount = integer(v, vp, u"auto_count").value_or(30);
            var.autoMin = string(v, vp, u"auto_min").value_or(QStringLiteral("10s"));
            if (const LocatedJson *current = v.member(u"current"); current && current->isObject()) {
                if (const LocatedJson *value = current->member(u"value")) {
                    if (value->isString())
                        var.current << value->string();
                    else if (value->isArray())
                        for (const LocatedJson &item : value->items())
                            if (item.isString())
                                var.current << item.string();
                }
            }
            out.push_back(std::move(var));
        }
    }

    // What `${DS_X}` inputs and `$datasource` variables stand for: the data source's plugin type.
    void readDatasourceNames(const LocatedJson &obj, const std::vector<Variable> &variables)
    {
        if (const LocatedJson *inputs = obj.member(u"__inputs"); inputs && inputs->isArray()) {
            for (const LocatedJson &input : inputs->items()) {
                const LocatedJson *name = input.member(u"name");
                const LocatedJson *plugin = input.member(u"pluginId");
                if (name && name->isString() && plugin && plugin->isString())
                    m_datasourceTypes.insert(name->string(), plugin->string());
            }
        }
        for (const Variable &v : variables)
            if (v.type == Variable::Type::DataSource)
                m_datasourceTypes.insert(v.name, v.query);
    }

    // The plugin type a `datasource` value names: an object's `type`, a variable's or input's plugin,
    // Grafana's built-in names, or a guess from a plain name. Empty: Prometheus or mixed.
    QString datasourceType(const LocatedJson *ds) const
    {
        if (!ds || ds->isNull())
            return {};
        QString uid;
        if (ds->isObject()) {
            const LocatedJson *type = ds->member(u"type");
            if (type && type->isString() && type->string() != u"datasource")
                return type->string();
            if (const LocatedJson *u = ds->member(u"uid"); u && u->isString())
                uid = u->string();
        } else if (ds->isString()) {
            uid = ds->string();
        }
        if (uid.isEmpty() || uid == u"-- Mixed --" || uid == u"default")
            return {};
        if (uid == u"-- Grafana --" || uid == u"grafana")
            return QStringLiteral("grafana");
        if (uid == u"-- Dashboard --")
            return QStringLiteral("dashboard");
        if (uid.startsWith(QLatin1Char('$'))) {
            QString name = uid.mid(1);
            if (name.startsWith(QLatin1Char('{')) && name.endsWith(QLatin1Char('}')))
                name = name.mid(1, name.size() - 2).section(QLatin1Char(':'), 0, 0);
            return m_datasourceTypes.value(name);
        }
        // A data source by name: Prometheus unless the name says which other kind it is.
        static const char16_t *const others[] = {u"loki",     u"tempo",  u"elasticsearch", u"influx",
                                                 u"graphite", u"jaeger", u"zipkin",        u"cloudwatch"};
        const QString lower = uid.toLower();
        for (const char16_t *other : others)
            if (lower.contains(QStringView(other)))
                return QString::fromUtf16(other).replace(QStringLiteral("influx"),
                                                         QStringLiteral("influxdb"));
        return {};
    }

    void readTransformations(const LocatedJson &list, const QString &path, Panel &p)
    {
        for (size_t i = 0; i < list.items().size(); ++i) {
            const LocatedJson &t = list.items()[i];
            if (!t.isObject()) {
                wrongType(t, index(path, i), QStringLiteral("a transformation object"));
                continue;
            }
            Transformation tr;
            tr.id = string(t, index(path, i), u"id").value_or(QString());
            tr.disabled = boolean(t, index(path, i), u"disabled").value_or(false);
            if (const LocatedJson *options = object(t, index(path, i), u"options"))
                tr.options = options->toJson().toObject();
            const auto pos = json::textPosition(m_bytes, t.offset());
            tr.line = pos.line;
            tr.column = pos.column;
            p.transformations.push_back(std::move(tr));
        }
    }

    void readTime(const LocatedJson &obj, const QString &path, Dashboard &d)
    {
        const LocatedJson *time = object(obj, path, u"time");
        if (!time)
            return;
        const QString timePath = child(path, QStringLiteral("time"));
        auto readOne = [&](QStringView key, TimeExpression &out) {
            const auto text = string(*time, timePath, key);
            if (!text)
                return;
            if (const Result<TimeExpression> t = TimeExpression::parse(*text))
                out = *t;
            else
                error(*time->member(key), child(timePath, key.toString()), t.error().message());
        };
        readOne(u"from", d.time.from);
        readOne(u"to", d.time.to);
    }

    void readPanelList(const LocatedJson &panels, const QString &path, std::vector<Panel> &out, int parentRow)
    {
        int currentRow = parentRow;
        for (size_t i = 0; i < panels.items().size(); ++i) {
            const LocatedJson &item = panels.items()[i];
            const QString itemPath = index(path, i);
            if (!item.isObject()) {
                wrongType(item, itemPath, QStringLiteral("a panel object"));
                continue;
            }
            Panel p = readPanel(item, itemPath);
            if (p.isRow()) {
                p.parentRowId = 0;
                if (p.id == 0)
                    p.id = temporaryId(); // numbered in assignIds, after every explicit id is known
                currentRow = p.id;
                const int rowId = p.id;
                out.push_back(std::move(p));
                // A collapsed row carries its panels inside it.
                if (const LocatedJson *children = array(item, itemPath, u"panels"))
                    readPanelList(*children, child(itemPath, QStringLiteral("panels")), out, rowId);
                continue;
            }
            p.parentRowId = currentRow;
            out.push_back(std::move(p));
        }
    }

    Panel readPanel(const LocatedJson &obj, const QString &path)
    {
        Panel p;
        p.line = json::textPosition(m_bytes, obj.offset()).line;
        p.id = integer(obj, path, u"id").value_or(0);
        p.type = string(obj, path, u"type").value_or(QString());
        p.kind = panelKindFromType(p.type);
        p.title = string(obj, path, u"title").value_or(QString());
        p.description = string(obj, path, u"description").value_or(QString());
        p.collapsed = boolean(obj, path, u"collapsed").value_or(false);
        p.interval = string(obj, path, u"interval").value_or(QString());
        p.maxDataPoints = integer(obj, path, u"maxDataPoints").value_or(0);
        if (const LocatedJson *links = array(obj, path, u"links"))
            readLinks(*links, child(path, QStringLiteral("links")), p);
        if (const LocatedJson *alert = object(obj, path, u"promdeckAlert")) {
            const QString ap = child(path, QStringLiteral("promdeckAlert"));
            Panel::AlertSpec spec;
            spec.name = string(*alert, ap, u"name").value_or(QString());
            if (const auto f = string(*alert, ap, u"for")) {
                if (const auto ms = parseDurationMs(*f))
                    spec.forMs = *ms;
                else
                    error(*alert, ap, QStringLiteral("cannot read the duration \"%1\" of \"for\"").arg(*f));
            }
            spec.severity = string(*alert, ap, u"severity").value_or(spec.severity);
            spec.below = string(*alert, ap, u"when").value_or(QStringLiteral("above")) == u"below";
            spec.threshold = number(*alert, ap, u"threshold");
            p.alert = spec;
        }
        if (p.type.isEmpty())
            warning(obj, path, QStringLiteral("panel has no \"type\"; shown as a placeholder"));
        p.datasourceType = datasourceType(obj.member(u"datasource"));
        if (const LocatedJson *transformations = array(obj, path, u"transformations"))
            readTransformations(*transformations, child(path, QStringLiteral("transformations")), p);
        {
            QJsonObject json = obj.toJson().toObject();
            json.remove(QStringLiteral("panels")); // a collapsed row's children are panels of their own
            p.json = std::move(json);
        }

        if (const LocatedJson *grid = object(obj, path, u"gridPos")) {
            const QString gp = child(path, QStringLiteral("gridPos"));
            p.gridPos.x = integer(*grid, gp, u"x").value_or(0);
            p.gridPos.y = integer(*grid, gp, u"y").value_or(0);
            p.gridPos.w = integer(*grid, gp, u"w").value_or(p.isRow() ? GridColumns : 12);
            p.gridPos.h = integer(*grid, gp, u"h").value_or(p.isRow() ? 1 : 8);
            checkGrid(*grid, gp, p.gridPos);
        } else if (p.isRow()) {
            p.gridPos = {0, 0, GridColumns, 1};
        }

        if (const LocatedJson *targets = array(obj, path, u"targets")) {
            const QString tp = child(path, QStringLiteral("targets"));
            for (size_t i = 0; i < targets->items().size(); ++i) {
                const LocatedJson &t = targets->items()[i];
                if (!t.isObject()) {
                    wrongType(t, index(tp, i), QStringLiteral("a target object"));
                    continue;
                }
                p.targets.push_back(readTarget(t, index(tp, i), i));
            }
        }
        readFieldConfig(obj, path, p);
        readOptions(obj, path, p);
        return p;
    }

    void checkGrid(const LocatedJson &grid, const QString &path, GridPos &g)
    {
        auto complain = [&](QStringView key, const QString &message) {
            const LocatedJson *at = grid.member(key);
            error(at ? *at : grid, child(path, key.toString()), message);
        };
        if (g.w < 1 || g.w > GridColumns)
            complain(u"w", QStringLiteral("width %1 is outside the 24-column grid (1 to 24)").arg(g.w));
        if (g.x < 0 || g.x >= GridColumns)
            complain(u"x", QStringLiteral("column %1 is outside the 24-column grid (0 to 23)").arg(g.x));
        if (g.h < 1)
            complain(u"h", QStringLiteral("height must be at least 1, found %1").arg(g.h));
        if (g.y < 0)
            complain(u"y", QStringLiteral("row must not be negative, found %1").arg(g.y));
        // Grafana clips panels that stick out on the right; so do we, without failing.
        if (g.x >= 0 && g.w >= 1 && g.x + g.w > GridColumns)
            g.w = GridColumns - g.x;
    }

    Target readTarget(const LocatedJson &obj, const QString &path, size_t position)
    {
        Target t;
        t.refId =
            string(obj, path, u"refId").value_or(QString(QChar(u'A' + static_cast<char16_t>(position % 26))));
        // Old Grafana versions and some exporters' dashboards call it `query`.
        t.expr = string(obj, path, u"expr").value_or(string(obj, path, u"query").value_or(QString()));
        t.legendFormat = string(obj, path, u"legendFormat").value_or(QString());
        t.interval = string(obj, path, u"interval").value_or(QString());
        t.instant = boolean(obj, path, u"instant").value_or(false);
        t.hide = boolean(obj, path, u"hide").value_or(false);
        if (const auto format = string(obj, path, u"format")) {
            if (*format == u"table")
                t.format = TargetFormat::Table;
            else if (*format == u"heatmap")
                t.format = TargetFormat::Heatmap;
        }
        t.datasourceType = datasourceType(obj.member(u"datasource"));
        return t;
    }

    void readThresholdSteps(const LocatedJson &steps, const QString &path, FieldConfig &fc)
    {
        for (size_t i = 0; i < steps.items().size(); ++i) {
            const LocatedJson &s = steps.items()[i];
            if (!s.isObject()) {
                wrongType(s, index(path, i), QStringLiteral("a threshold step object"));
                continue;
            }
            Threshold t;
            t.value = number(s, index(path, i), u"value");
            t.color = string(s, index(path, i), u"color").value_or(QStringLiteral("green"));
            fc.thresholds.push_back(std::move(t));
        }
        std::stable_sort(fc.thresholds.begin(), fc.thresholds.end(),
                         [](const Threshold &a, const Threshold &b) {
                             return (a.value ? *a.value : -INFINITY) < (b.value ? *b.value : -INFINITY);
                         });
    }

    void readLinks(const LocatedJson &links, const QString &path, Panel &p)
    {
        for (size_t i = 0; i < links.items().size(); ++i) {
            const LocatedJson &l = links.items()[i];
            if (!l.isObject()) {
                wrongType(l, index(path, i), QStringLiteral("a link object"));
                continue;
            }
            PanelLink link;
            link.title = string(l, index(path, i), u"title").value_or(QString());
            link.url = string(l, index(path, i), u"url").value_or(QString());
            if (!link.url.isEmpty())
                p.links.push_back(std::move(link));
        }
    }

    // Grafana 8+ mappings: `{"type": "value", "options": {"1": {"text": "UP", "color": "green"}}}`,
    // `{"type": "range", "options": {"from": 0, "to": 10, "result": {...}}}` and
    // `{"type": "special", "options": {"match": "null+nan", "result": {...}}}`.
    void readMappings(const LocatedJson &mappings, const QString &path, FieldConfig &fc)
    {
        for (size_t i = 0; i < mappings.items().size(); ++i) {
            const LocatedJson &m = mappings.items()[i];
            const QString mp = index(path, i);
            if (!m.isObject()) {
                wrongType(m, mp, QStringLiteral("a value mapping object"));
                continue;
            }
            const QString type = string(m, mp, u"type").value_or(QString());
            const LocatedJson *options = object(m, mp, u"options");
            if (!options)
                continue;
            const QString op = child(mp, QStringLiteral("options"));
            auto result = [&](const LocatedJson &r, const QString &rp, ValueMapping mapping) {
                mapping.text = string(r, rp, u"text").value_or(QString());
                mapping.color = string(r, rp, u"color").value_or(QString());
                fc.mappings.push_back(std::move(mapping));
            };
            if (type == u"value") {
                for (size_t k = 0; k < options->keys().size(); ++k) {
                    const QString &key = options->keys()[k];
                    const LocatedJson &r = options->items()[k];
                    bool ok = false;
                    const double v = key.toDouble(&ok);
                    if (!ok || !r.isObject())
                        continue; // text keys ("true", "OK") never match a Prometheus sample
                    ValueMapping mapping;
                    mapping.from = v;
                    result(r, child(op, key), std::move(mapping));
                }
            } else if (type == u"range" || type == u"special") {
                const LocatedJson *r = object(*options, op, u"result");
                if (!r)
                    continue;
                ValueMapping mapping;
                if (type == u"range") {
                    mapping.kind = ValueMapping::Kind::Range;
                    mapping.from = number(*options, op, u"from");
                    mapping.to = number(*options, op, u"to");
                } else {
                    const QString match = string(*options, op, u"match").value_or(QString());
                    if (match != u"null" && match != u"nan" && match != u"null+nan")
                        continue;
                    mapping.kind = ValueMapping::Kind::NotANumber;
                }
                result(*r, child(op, QStringLiteral("result")), std::move(mapping));
            } else {
                warning(m, mp,
                        QStringLiteral("value mapping type \"%1\" is not supported; ignored").arg(type));
            }
        }
    }

    void readFieldConfig(const LocatedJson &obj, const QString &path, Panel &p)
    {
        FieldConfig &fc = p.fieldConfig;
        if (const LocatedJson *fieldConfig = object(obj, path, u"fieldConfig")) {
            const QString fp = child(path, QStringLiteral("fieldConfig"));
            if (const LocatedJson *defaults = object(*fieldConfig, fp, u"defaults")) {
                const QString dp = child(fp, QStringLiteral("defaults"));
                fc.unit = string(*defaults, dp, u"unit").value_or(QString());
                fc.decimals = integer(*defaults, dp, u"decimals");
                fc.min = number(*defaults, dp, u"min");
                fc.max = number(*defaults, dp, u"max");
                if (const LocatedJson *mappings = array(*defaults, dp, u"mappings"))
                    readMappings(*mappings, child(dp, QStringLiteral("mappings")), fc);
                if (const LocatedJson *thresholds = object(*defaults, dp, u"thresholds")) {
                    const QString tp = child(dp, QStringLiteral("thresholds"));
                    fc.percentageThresholds =
                        string(*thresholds, tp, u"mode").value_or(QString()) == u"percentage";
                    if (const LocatedJson *steps = array(*thresholds, tp, u"steps"))
                        readThresholdSteps(*steps, child(tp, QStringLiteral("steps")), fc);
                }
            }
        }
        // Legacy graph panels keep the unit on the left y axis.
        if (fc.unit.isEmpty()) {
            if (const LocatedJson *yaxes = obj.member(u"yaxes");
                yaxes && yaxes->isArray() && !yaxes->items().empty()) {
                const LocatedJson &left = yaxes->items().front();
                if (left.isObject()) {
                    if (const LocatedJson *format = left.member(u"format"); format && format->isString())
                        fc.unit = format->string();
                }
            }
        }
        // Legacy singlestat: `format`, `decimals`, `thresholds: "80,90"` with `colors`.
        if (p.type == u"singlestat") {
            if (fc.unit.isEmpty())
                fc.unit = string(obj, path, u"format").value_or(QString());
            if (!fc.decimals)
                fc.decimals = integer(obj, path, u"decimals");
            readSinglestatThresholds(obj, path, fc);
        }
    }

    void readSinglestatThresholds(const LocatedJson &obj, const QString &path, FieldConfig &fc)
    {
        const LocatedJson *thresholds = obj.member(u"thresholds");
        if (!fc.thresholds.empty() || !thresholds || !thresholds->isString())
            return;
        QStringList colors;
        if (const LocatedJson *c = obj.member(u"colors"); c && c->isArray()) {
            for (const LocatedJson &color : c->items())
                colors << (color.isString() ? color.string() : QString());
        }
        const QStringList values = thresholds->string().split(QLatin1Char(','), Qt::SkipEmptyParts);
        fc.thresholds.push_back({std::nullopt, colors.value(0, QStringLiteral("green"))});
        for (qsizetype i = 0; i < values.size(); ++i) {
            bool ok = false;
            const double v = values[i].trimmed().toDouble(&ok);
            if (!ok) {
                error(*thresholds, child(path, QStringLiteral("thresholds")),
                      QStringLiteral("threshold \"%1\" is not a number").arg(values[i]));
                return;
            }
            fc.thresholds.push_back(
                {v, colors.value(i + 1, i == 0 ? QStringLiteral("orange") : QStringLiteral("red"))});
        }
    }

    void readOptions(const LocatedJson &obj, const QString &path, Panel &p)
    {
        if (p.type == u"singlestat") {
            if (const auto valueName = string(obj, path, u"valueName"))
                p.reducer = reducerFromName(*valueName);
        }
        if (p.kind == PanelKind::Text) {
            p.text = string(obj, path, u"content").value_or(QString());
            p.textMode = string(obj, path, u"mode").value_or(QString()); // Grafana before 7
        }
        const LocatedJson *options = object(obj, path, u"options");
        if (!options)
            return;
        const QString op = child(path, QStringLiteral("options"));
        if (p.kind == PanelKind::Text) {
            if (const auto content = string(*options, op, u"content"))
                p.text = *content;
            p.textMode = string(*options, op, u"mode").value_or(p.textMode);
        }
        if (const LocatedJson *reduce = object(*options, op, u"reduceOptions")) {
            const QString rp = child(op, QStringLiteral("reduceOptions"));
            if (const LocatedJson *calcs = array(*reduce, rp, u"calcs"); calcs && !calcs->items().empty()) {
                const LocatedJson &first = calcs->items().front();
                if (first.isString())
                    p.reducer = reducerFromName(first.string());
                else
                    wrongType(first, index(child(rp, QStringLiteral("calcs")), 0),
                              QStringLiteral("a reducer name"));
            }
        }
    }

    // Dashboards older than schema 16 lay panels out in rows of 12 spans with pixel heights.
    void readLegacyRows(const LocatedJson &rows, const QString &path, std::vector<Panel> &out)
    {
        int y = 0;
        for (const Panel &p : out)
            y = std::max(y, p.gridPos.y + p.gridPos.h);
        for (size_t r = 0; r < rows.items().size(); ++r) {
            const LocatedJson &row = rows.items()[r];
            const QString rowPath = index(path, r);
            if (!row.isObject()) {
                wrongType(row, rowPath, QStringLiteral("a row object"));
                continue;
            }
            int heightPx = 250;
            if (const LocatedJson *h = row.member(u"height")) {
                if (h->isNumber())
                    heightPx = static_cast<int>(h->number());
                else if (h->isString())
                    heightPx = QString(h->string()).remove(QStringLiteral("px")).trimmed().toInt();
            }
            const int h = std::max(1, (heightPx + GridUnitPx - 1) / GridUnitPx);
            const QString title = string(row, rowPath, u"title").value_or(QString());
            const bool showTitle = boolean(row, rowPath, u"showTitle").value_or(false);
            int rowId = 0;
            if (showTitle && !title.isEmpty()) {
                Panel header;
                header.kind = PanelKind::Row;
                header.type = QStringLiteral("row");
                header.title = title;
                header.id = temporaryId();
                header.collapsed = boolean(row, rowPath, u"collapse").value_or(false);
                header.gridPos = {0, y, GridColumns, 1};
                header.line = json::textPosition(m_bytes, row.offset()).line;
                rowId = header.id;
                out.push_back(header);
                ++y;
            }
            int x = 0;
            int rowBottom = y;
            if (const LocatedJson *panels = array(row, rowPath, u"panels")) {
                const QString pp = child(rowPath, QStringLiteral("panels"));
                for (size_t i = 0; i < panels->items().size(); ++i) {
                    const LocatedJson &item = panels->items()[i];
                    if (!item.isObject()) {
                        wrongType(item, index(pp, i), QStringLiteral("a panel object"));
                        continue;
                    }
                    Panel p = readPanel(item, index(pp, i));
                    const double span = number(item, index(pp, i), u"span").value_or(12);
                    const int w = std::clamp(static_cast<int>(std::lround(span * 2)), 1, GridColumns);
                    if (x + w > GridColumns) {
                        x = 0;
                        y = rowBottom;
                    }
                    p.gridPos = {x, y, w, h};
                    p.parentRowId = rowId;
                    x += w;
                    rowBottom = std::max(rowBottom, y + h);
                    out.push_back(std::move(p));
                }
            }
            y = rowBottom;
        }
    }

    // Unique negative ids for rows that have none yet; their children refer to them until assignIds.
    int temporaryId() { return -(++m_temporaryIds); }

    static int nextFreeId(const std::vector<Panel> &panels)
    {
        int id = 1;
        for (const Panel &p : panels)
            id = std::max(id, p.id + 1);
        return id;
    }

    void assignIds(Dashboard &d)
    {
        QSet<int> seen;
        int next = nextFreeId(d.panels);
        for (Panel &p : d.panels) {
            if (p.id <= 0 || seen.contains(p.id)) {
                const int old = p.id;
                p.id = next++;
                // Children of a row point at its id; re-point them when the row is renumbered.
                if (p.isRow() && old < 0) {
                    for (Panel &c : d.panels) {
                        if (c.parentRowId == old)
                            c.parentRowId = p.id;
                    }
                }
            }
            seen.insert(p.id);
        }
    }

    const QByteArray &m_bytes;
    QString m_file;
    QHash<QString, QString> m_datasourceTypes; // input or variable name -> plugin type
    std::vector<Error> m_diagnostics;
    int m_temporaryIds = 0;
};

} // namespace

DashboardLoadResult loadDashboard(const QByteArray &json, const QString &fileName)
{
    return Loader(json, fileName).run();
}

DashboardLoadResult loadDashboardFile(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly)) {
        DashboardLoadResult result;
        result.diagnostics.push_back(
            Error::at({path},
                      QFileInfo(path).isDir() ? QStringLiteral("is a directory, not a dashboard file")
                                              : QStringLiteral("cannot open: %1").arg(file.errorString()),
                      Error::Kind::Io));
        return result;
    }
    return loadDashboard(file.readAll(), path);
}

} // namespace promdeck
