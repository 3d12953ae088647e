#include "dashboard/DashboardLoader.h"

#include "dashboard/LegacyPanels.h"
#include "series/TimeZones.h"

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
    Loader(const QByteArray &bytes, QString file)
        : m_bytes(bytes), m_positions(bytes), m_file(std::move(file))
    {
    }

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
        const auto pos = m_positions.at(offset);
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
        readTimeZone(obj, path, d);
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
        if (const LocatedJson *annotations = obj.member(u"annotations");
            annotations && annotations->isObject())
            if (const LocatedJson *list = annotations->member(u"list"); list && list->isArray())
                readAnnotations(*list, d.annotations);
        // 0, 1, 2; old dashboards wrote `sharedCrosshair: true` for 1.
        if (const LocatedJson *shared = obj.member(u"graphTooltip"); shared && shared->isNumber())
            d.sharedTooltip =
                static_cast<SharedTooltip>(std::clamp(static_cast<int>(shared->number()), 0, 2));
        else if (const LocatedJson *old = obj.member(u"sharedCrosshair");
                 old && old->isBool() && old->boolean())
            d.sharedTooltip = SharedTooltip::Crosshair;
        if (const LocatedJson *panels = array(obj, path, u"panels"))
            readPanelList(*panels, child(path, QStringLiteral("panels")), d.panels, 0);
        if (const LocatedJson *rows = array(obj, path, u"rows"))
            readLegacyRows(*rows, child(path, QStringLiteral("rows")), d.panels);
        assignIds(d);
        return d;
    }

    // Read leniently, as Grafana does: annotation entries are written by hand and by every Grafana
    // version (`useValueForTime: "on"`, `tagKeys` as a list, `step: "60"`); what cannot be read is
    // left at its default rather than refusing the dashboard.
    void readAnnotations(const LocatedJson &list, std::vector<Annotation> &out)
    {
        const auto text = [](const LocatedJson &o, QStringView key) {
            const LocatedJson *v = o.member(key);
            if (!v)
                return QString();
            if (v->isString())
                return v->string();
            if (v->isNumber())
                return QString::number(v->number());
            return QString();
        };
        const auto flag = [](const LocatedJson &o, QStringView key, bool fallback) {
            const LocatedJson *v = o.member(key);
            if (!v || v->isNull())
                return fallback;
            if (v->isBool())
                return v->boolean();
            if (v->isString())
                return v->string() == u"on" || v->string() == u"true";
            if (v->isNumber())
                return v->number() != 0;
            return fallback;
        };
        for (const LocatedJson &a : list.items()) {
            if (!a.isObject())
                continue;
            Annotation an;
            an.name = text(a, u"name");
            an.expr = text(a, u"expr");
            an.step = text(a, u"step");
            if (const LocatedJson *target = a.member(u"target"); target && target->isObject()) {
                if (an.expr.isEmpty())
                    an.expr = text(*target, u"expr");
                if (an.step.isEmpty())
                    an.step = text(*target, u"interval");
            }
            // Grafana reads a bare number of seconds too ("60").
            if (bool numeric = false; an.step.toDouble(&numeric) > 0 && numeric)
                an.step += QLatin1Char('s');
            an.titleFormat = text(a, u"titleFormat");
            an.textFormat = text(a, u"textFormat");
            if (const LocatedJson *keys = a.member(u"tagKeys"); keys && keys->isArray()) {
                for (const LocatedJson &k : keys->items())
                    if (k.isString())
                        an.tagKeys << k.string().trimmed();
            } else {
                for (const QString &k : text(a, u"tagKeys").split(QLatin1Char(','), Qt::SkipEmptyParts))
                    an.tagKeys << k.trimmed();
            }
            an.useValueForTime = flag(a, u"useValueForTime", false);
            an.iconColor = text(a, u"iconColor");
            an.enable = flag(a, u"enable", true);
            an.hide = flag(a, u"hide", false);
            an.builtIn = flag(a, u"builtIn", false);
            an.datasourceType = datasourceType(a.member(u"datasource"));
            if (isPrometheusDatasourceType(an.datasourceType))
                an.datasourceType.clear();
            an.line = m_positions.at(a.offset()).line;
            out.push_back(std::move(an));
        }
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
                tr.options = options->toJsonValue().toObject();
            const auto pos = m_positions.at(t.offset());
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

    void readTimeZone(const LocatedJson &obj, const QString &path, Dashboard &d)
    {
        const LocatedJson *zone = obj.member(u"timezone");
        if (!zone || zone->isNull())
            return;
        const QString zonePath = child(path, QStringLiteral("timezone"));
        if (!zone->isString()) {
            warning(*zone, zonePath,
                    QStringLiteral("expected a time zone name, found %1; the user's time zone is used")
                        .arg(LocatedJson::typeName(zone->type())));
            return;
        }
        d.timezone = zone->string().trimmed();
        if (d.timezone.isEmpty())
            return;
        if (const Result<QTimeZone> known = timeZoneNamed(d.timezone); !known)
            warning(*zone, zonePath, known.error().detail + QStringLiteral("; the user's time zone is used"));
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
        p.line = m_positions.at(obj.offset()).line;
        p.id = integer(obj, path, u"id").value_or(0);
        p.type = string(obj, path, u"type").value_or(QString());
        p.kind = panelKindFromType(p.type);
        p.title = string(obj, path, u"title").value_or(QString());
        p.description = string(obj, path, u"description").value_or(QString());
        p.collapsed = boolean(obj, path, u"collapsed").value_or(false);
        p.interval = string(obj, path, u"interval").value_or(QString());
        p.maxDataPoints = integer(obj, path, u"maxDataPoints").value_or(0);
        p.timeFrom = string(obj, path, u"timeFrom").value_or(QString());
        p.timeShift = string(obj, path, u"timeShift").value_or(QString());
        p.hideTimeOverride = boolean(obj, path, u"hideTimeOverride").value_or(false);
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
            QJsonObject json = obj.toJsonValue().toObject();
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
        for (const QStringView key : {QStringView(u"expr"), QStringView(u"query")}) {
            if (const LocatedJson *e = obj.member(key); e && e->isString()) {
                t.exprOffset = e->offset();
                t.exprPath = child(path, key.toString());
                break;
            }
        }
        t.legendFormat = string(obj, path, u"legendFormat").value_or(QString());
        t.interval = string(obj, path, u"interval").value_or(QString());
        t.intervalFactor = std::max(1, integer(obj, path, u"intervalFactor").value_or(1));
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

    // One property of `fieldConfig.defaults` or of an override, as written.
    FieldProperty property(const QString &id, const LocatedJson &value)
    {
        return {id, value.toJsonValue(), value.offset()};
    }

    // `fieldConfig.defaults`: standard properties by name, the panel's own under `custom`.
    std::vector<FieldProperty> readDefaults(const LocatedJson &defaults, const QString &path)
    {
        std::vector<FieldProperty> out;
        for (size_t i = 0; i < defaults.keys().size(); ++i) {
            const QString &key = defaults.keys()[i];
            const LocatedJson &value = defaults.items()[i];
            if (key == u"custom" && value.isObject()) {
                for (size_t k = 0; k < value.keys().size(); ++k)
                    out.push_back(property(QStringLiteral("custom.") + value.keys()[k], value.items()[k]));
            } else if (key != u"custom") {
                out.push_back(property(key, value));
            }
        }
        Q_UNUSED(path)
        return out;
    }

    // Sets properties in order; a value Grafana would not accept is named and skipped.
    void applyProperties(FieldConfig &config, const std::vector<FieldProperty> &properties,
                         const QString &path)
    {
        for (const FieldProperty &p : properties) {
            const QString why = applyFieldProperty(config, p);
            if (!why.isEmpty())
                addAt(std::max<qsizetype>(0, p.offset), path + QLatin1Char('.') + p.id,
                      QStringLiteral("%1: %2; ignored").arg(p.id, why), Error::Severity::Warning,
                      Error::Kind::Unsupported);
        }
    }

    std::vector<FieldOverride> readOverrides(const LocatedJson &overrides, const QString &path)
    {
        std::vector<FieldOverride> out;
        for (size_t i = 0; i < overrides.items().size(); ++i) {
            const LocatedJson &o = overrides.items()[i];
            const QString op = index(path, i);
            if (!o.isObject()) {
                wrongType(o, op, QStringLiteral("an override object"));
                continue;
            }
            FieldOverride rule;
            rule.offset = o.offset();
            if (const LocatedJson *matcher = object(o, op, u"matcher")) {
                QString why;
                rule.matcher = parseFieldMatcher(matcher->toJsonValue().toObject(), &why);
                if (!why.isEmpty())
                    warning(*matcher, child(op, QStringLiteral("matcher")),
                            why + QStringLiteral("; the override is ignored"));
            }
            if (const LocatedJson *properties = array(o, op, u"properties")) {
                const QString pp = child(op, QStringLiteral("properties"));
                for (size_t k = 0; k < properties->items().size(); ++k) {
                    const LocatedJson &prop = properties->items()[k];
                    if (!prop.isObject()) {
                        wrongType(prop, index(pp, k), QStringLiteral("a property object"));
                        continue;
                    }
                    const QString id = string(prop, index(pp, k), u"id").value_or(QString());
                    const LocatedJson *value = prop.member(u"value");
                    FieldProperty fp{id, value ? value->toJsonValue() : QJsonValue(),
                                     value ? value->offset() : prop.offset()};
                    // Checked once here against a scratch configuration; applied per field later.
                    FieldConfig scratch;
                    if (const QString why = applyFieldProperty(scratch, fp); !why.isEmpty())
                        warning(value ? *value : prop, index(pp, k),
                                QStringLiteral("%1: %2; ignored").arg(id, why));
                    else
                        rule.properties.push_back(std::move(fp));
                }
            }
            out.push_back(std::move(rule));
        }
        return out;
    }

    void readFieldConfig(const LocatedJson &obj, const QString &path, Panel &p)
    {
        FieldConfig &fc = p.fieldConfig;
        // The panel kinds' own defaults: time series colour by the classic palette, the rest by thresholds.
        fc.color.mode = p.kind == PanelKind::TimeSeries ? QStringLiteral("palette-classic")
                                                        : QStringLiteral("thresholds");
        std::vector<FieldProperty> defaults;
        const QString fp = child(path, QStringLiteral("fieldConfig"));
        if (const LocatedJson *fieldConfig = object(obj, path, u"fieldConfig")) {
            if (const LocatedJson *d = object(*fieldConfig, fp, u"defaults"))
                defaults = readDefaults(*d, child(fp, QStringLiteral("defaults")));
            if (const LocatedJson *overrides = array(*fieldConfig, fp, u"overrides"))
                p.overrides = readOverrides(*overrides, child(fp, QStringLiteral("overrides")));
        }
        // Legacy panels become what Grafana migrates them to: their options as field properties,
        // applied after the (rarely present) fieldConfig defaults, as Grafana's migration does.
        MigratedPanel migrated;
        if (p.type == u"graph")
            migrated = migrateGraphPanel(obj);
        else if (p.type == u"singlestat" || p.type == u"grafana-singlestat-panel")
            migrated = migrateSinglestatPanel(obj);
        defaults.insert(defaults.end(), migrated.defaults.begin(), migrated.defaults.end());
        applyProperties(fc, defaults, child(fp, QStringLiteral("defaults")));
        for (FieldOverride &o : migrated.overrides)
            p.overrides.push_back(std::move(o));
        if (migrated.applies) {
            p.kind = panelKindFromType(migrated.becomes);
            p.legend = migrated.legend;
            p.tooltip = migrated.tooltip;
            p.reduceOptions = migrated.reduce;
            p.stat = migrated.stat;
        }
        for (const QString &problem : migrated.problems)
            warning(obj, path, problem);
    }

    template <typename Enum, size_t N>
    void readEnum(const LocatedJson &obj, const QString &path, QStringView key, Enum &out,
                  const std::pair<const char16_t *, Enum> (&names)[N])
    {
        const auto text = string(obj, path, key);
        if (!text)
            return;
        for (const auto &[name, value] : names) {
            if (*text == QStringView(name)) {
                out = value;
                return;
            }
        }
        QStringList known;
        for (const auto &n : names)
            known << QString::fromUtf16(n.first);
        warning(*obj.member(key), child(path, key.toString()),
                QStringLiteral("\"%1\" is not one of %2; the default is used")
                    .arg(*text, known.join(QStringLiteral(", "))));
    }

    std::vector<Reducer> readCalcs(const LocatedJson &calcs, const QString &path)
    {
        std::vector<Reducer> out;
        for (size_t i = 0; i < calcs.items().size(); ++i) {
            const LocatedJson &c = calcs.items()[i];
            if (!c.isString()) {
                wrongType(c, index(path, i), QStringLiteral("a reducer name"));
                continue;
            }
            if (const auto r = reducerById(c.string()))
                out.push_back(*r);
            else
                warning(c, index(path, i),
                        QStringLiteral("\"%1\" is not a reducer Promdeck computes; skipped").arg(c.string()));
        }
        return out;
    }

    void readOptions(const LocatedJson &obj, const QString &path, Panel &p)
    {
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
            if (const LocatedJson *calcs = array(*reduce, rp, u"calcs")) {
                std::vector<Reducer> r = readCalcs(*calcs, child(rp, QStringLiteral("calcs")));
                if (!r.empty())
                    p.reduceOptions.calcs = std::move(r);
            }
            p.reduceOptions.values = boolean(*reduce, rp, u"values").value_or(false);
            p.reduceOptions.limit = integer(*reduce, rp, u"limit");
            p.reduceOptions.fields = string(*reduce, rp, u"fields").value_or(QString());
        }
        using S = StatOptions;
        static const std::pair<const char16_t *, S::TextMode> textModes[] = {
            {u"auto", S::TextMode::Auto},
            {u"value", S::TextMode::Value},
            {u"value_and_name", S::TextMode::ValueAndName},
            {u"name", S::TextMode::Name},
            {u"none", S::TextMode::None}};
        static const std::pair<const char16_t *, S::ColorMode> colorModes[] = {
            {u"value", S::ColorMode::Value},
            {u"background", S::ColorMode::Background},
            {u"background_solid", S::ColorMode::BackgroundSolid},
            {u"none", S::ColorMode::None}};
        static const std::pair<const char16_t *, S::GraphMode> graphModes[] = {{u"none", S::GraphMode::None},
                                                                               {u"area", S::GraphMode::Area}};
        static const std::pair<const char16_t *, S::Justify> justify[] = {{u"auto", S::Justify::Auto},
                                                                          {u"center", S::Justify::Center}};
        static const std::pair<const char16_t *, S::Orientation> orientation[] = {
            {u"auto", S::Orientation::Auto},
            {u"horizontal", S::Orientation::Horizontal},
            {u"vertical", S::Orientation::Vertical}};
        if (p.kind == PanelKind::Stat) {
            readEnum(*options, op, u"textMode", p.stat.textMode, textModes);
            readEnum(*options, op, u"colorMode", p.stat.colorMode, colorModes);
            readEnum(*options, op, u"graphMode", p.stat.graphMode, graphModes);
            readEnum(*options, op, u"justifyMode", p.stat.justify, justify);
            readEnum(*options, op, u"orientation", p.stat.orientation, orientation);
        }
        if (const LocatedJson *legend = object(*options, op, u"legend")) {
            const QString lp = child(op, QStringLiteral("legend"));
            LegendOptions &l = p.legend;
            l.show = boolean(*legend, lp, u"showLegend").value_or(true);
            if (const auto mode = string(*legend, lp, u"displayMode")) {
                if (*mode == u"hidden")
                    l.show = false; // Grafana 8's way of saying showLegend: false
                else if (*mode == u"table")
                    l.mode = LegendOptions::Mode::Table;
                else if (*mode == u"list")
                    l.mode = LegendOptions::Mode::List;
                else
                    warning(
                        *legend->member(u"displayMode"), child(lp, QStringLiteral("displayMode")),
                        QStringLiteral("\"%1\" is not list, table or hidden; shown as a list").arg(*mode));
            }
            static const std::pair<const char16_t *, LegendOptions::Placement> placements[] = {
                {u"bottom", LegendOptions::Placement::Bottom}, {u"right", LegendOptions::Placement::Right}};
            readEnum(*legend, lp, u"placement", l.placement, placements);
            l.width = integer(*legend, lp, u"width");
            if (const LocatedJson *calcs = array(*legend, lp, u"calcs"))
                l.calcs = readCalcs(*calcs, child(lp, QStringLiteral("calcs")));
            l.sortBy = string(*legend, lp, u"sortBy").value_or(QString());
            l.sortDesc = boolean(*legend, lp, u"sortDesc").value_or(false);
        }
        if (const LocatedJson *tooltip = object(*options, op, u"tooltip")) {
            const QString tp = child(op, QStringLiteral("tooltip"));
            static const std::pair<const char16_t *, TooltipOptions::Mode> modes[] = {
                {u"single", TooltipOptions::Mode::Single},
                {u"multi", TooltipOptions::Mode::All},
                {u"none", TooltipOptions::Mode::Hidden}};
            static const std::pair<const char16_t *, TooltipOptions::Sort> sorts[] = {
                {u"none", TooltipOptions::Sort::None},
                {u"asc", TooltipOptions::Sort::Ascending},
                {u"desc", TooltipOptions::Sort::Descending}};
            readEnum(*tooltip, tp, u"mode", p.tooltip.mode, modes);
            readEnum(*tooltip, tp, u"sort", p.tooltip.sort, sorts);
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
                header.line = m_positions.at(row.offset()).line;
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
    json::TextPositions m_positions;
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
