#include "panels/DrawCoverage.h"

#include "frames/Transformations.h"
#include "panels/TableSpec.h"

#include "json/LocatedJson.h"
#include <QSet>

namespace promdeck {

namespace {

using json::LocatedJson;

class CoverageWalker
{
public:
    CoverageWalker(const QByteArray &bytes, const QString &file)
        : m_bytes(bytes), m_positions(bytes), m_file(file)
    {
    }

    void walkPanels(const LocatedJson &panels, const QString &path)
    {
        for (size_t i = 0; i < panels.items().size(); ++i) {
            const LocatedJson &p = panels.items()[i];
            const QString pp = path + QStringLiteral("[%1]").arg(i);
            if (!p.isObject())
                continue;
            checkPanel(p, pp);
            if (const LocatedJson *children = p.member(u"panels"); children && children->isArray())
                walkPanels(*children, pp + QStringLiteral(".panels"));
        }
    }

    void checkPanel(const LocatedJson &p, const QString &path)
    {
        const LocatedJson *type = p.member(u"type");
        const QString typeName = type && type->isString() ? type->string() : QString();
        // A panel of another data source says so once; its type (`logs`, `traces`) is not the news.
        const bool otherDatasource = m_otherDatasourceLines.contains(m_positions.at(p.offset()).line);
        if (type && type->isString() && panelKindFromType(typeName) == PanelKind::Unsupported &&
            !otherDatasource)
            warn(*type, path + QStringLiteral(".type"),
                 QStringLiteral("panel type \"%1\" is not drawn; shown as a placeholder").arg(typeName));
        if (const LocatedJson *steps = p.member(u"transformations"); steps && steps->isArray()) {
            for (size_t i = 0; i < steps->items().size(); ++i) {
                const LocatedJson &t = steps->items()[i];
                const LocatedJson *id = t.member(u"id");
                const LocatedJson *disabled = t.member(u"disabled");
                if (disabled && disabled->isBool() && disabled->boolean())
                    continue;
                if (id && id->isString() && !isSupportedTransformation(id->string()))
                    warn(*id, path + QStringLiteral(".transformations[%1].id").arg(i),
                         QStringLiteral("transformation \"%1\" is not applied").arg(id->string()));
            }
        }
        if (typeName == u"table" || typeName == u"table-old")
            checkCellTypes(p, path);
        if (typeName == u"timeseries")
            checkSeriesStyle(p, path);
    }

    // Time series options Promdeck reads and draws otherwise than Grafana: a gradient by hue or by
    // scheme (drawn as the opacity gradient) and thresholds as the series' colour (not drawn).
    void checkSeriesStyle(const LocatedJson &p, const QString &path)
    {
        const LocatedJson *fieldConfig = p.member(u"fieldConfig");
        if (!fieldConfig || !fieldConfig->isObject())
            return;
        auto check = [this](const QString &id, const LocatedJson &value, const QString &at) {
            if (id == u"gradientMode" && value.isString() &&
                (value.string() == u"hue" || value.string() == u"scheme"))
                warn(value, at,
                     QStringLiteral("gradientMode \"%1\" is drawn as an opacity gradient")
                         .arg(value.string()));
            if (id == u"thresholdsStyle" && value.isObject())
                if (const LocatedJson *mode = value.member(u"mode");
                    mode && mode->isString() && mode->string() == u"series")
                    warn(*mode, at + QStringLiteral(".mode"),
                         QStringLiteral(
                             "thresholdsStyle \"series\" (the line coloured by thresholds) is not drawn"));
        };
        if (const LocatedJson *defaults = fieldConfig->member(u"defaults"); defaults && defaults->isObject())
            if (const LocatedJson *custom = defaults->member(u"custom"); custom && custom->isObject())
                for (size_t i = 0; i < custom->keys().size(); ++i)
                    check(custom->keys()[i], custom->items()[i],
                          path + QStringLiteral(".fieldConfig.defaults.custom.") + custom->keys()[i]);
        const LocatedJson *overrides = fieldConfig->member(u"overrides");
        if (!overrides || !overrides->isArray())
            return;
        for (size_t i = 0; i < overrides->items().size(); ++i) {
            const LocatedJson *properties = overrides->items()[i].member(u"properties");
            if (!properties || !properties->isArray())
                continue;
            for (size_t k = 0; k < properties->items().size(); ++k) {
                const LocatedJson *id = properties->items()[k].member(u"id");
                const LocatedJson *value = properties->items()[k].member(u"value");
                if (id && id->isString() && value && id->string().startsWith(u"custom."))
                    check(
                        id->string().mid(7), *value,
                        path +
                            QStringLiteral(".fieldConfig.overrides[%1].properties[%2].value").arg(i).arg(k));
            }
        }
    }

    void checkCellTypes(const LocatedJson &p, const QString &path)
    {
        const LocatedJson *fieldConfig = p.member(u"fieldConfig");
        if (!fieldConfig || !fieldConfig->isObject())
            return;
        if (const LocatedJson *defaults = fieldConfig->member(u"defaults"); defaults && defaults->isObject())
            if (const LocatedJson *custom = defaults->member(u"custom"); custom && custom->isObject())
                checkCustom(*custom, path + QStringLiteral(".fieldConfig.defaults.custom"));
        const LocatedJson *overrides = fieldConfig->member(u"overrides");
        if (!overrides || !overrides->isArray())
            return;
        for (size_t i = 0; i < overrides->items().size(); ++i) {
            const LocatedJson *properties = overrides->items()[i].member(u"properties");
            if (!properties || !properties->isArray())
                continue;
            for (size_t k = 0; k < properties->items().size(); ++k) {
                const LocatedJson &property = properties->items()[k];
                const LocatedJson *id = property.member(u"id");
                const LocatedJson *value = property.member(u"value");
                if (!id || !id->isString() || !value)
                    continue;
                const QString pp =
                    path + QStringLiteral(".fieldConfig.overrides[%1].properties[%2].value").arg(i).arg(k);
                if (id->string() == u"custom.cellOptions" && value->isObject())
                    checkCellOptions(*value, pp);
                else if (id->string() == u"custom.displayMode" && value->isString())
                    checkCellType(*value, value->string(), {}, pp);
            }
        }
    }

    void checkCustom(const LocatedJson &custom, const QString &path)
    {
        if (const LocatedJson *mode = custom.member(u"displayMode");
            mode && mode->isString() && !custom.member(u"cellOptions"))
            checkCellType(*mode, mode->string(), {}, path + QStringLiteral(".displayMode"));
        if (const LocatedJson *options = custom.member(u"cellOptions"); options && options->isObject())
            checkCellOptions(*options, path + QStringLiteral(".cellOptions"));
    }

    void checkCellOptions(const LocatedJson &options, const QString &path)
    {
        const LocatedJson *type = options.member(u"type");
        const LocatedJson *mode = options.member(u"mode");
        if (type && type->isString())
            checkCellType(*type, type->string(), mode && mode->isString() ? mode->string() : QString(),
                          path + QStringLiteral(".type"));
    }

    void checkCellType(const LocatedJson &at, const QString &type, const QString &mode, const QString &path)
    {
        if (!cellDisplayFromName(type, mode))
            warn(at, path, QStringLiteral("table cell type \"%1\" is not drawn; shown as text").arg(type));
    }

    // Prometheus-query annotations are drawn; one that queries another data source is named.
    void checkAnnotations(const LocatedJson &list, const QString &path, const std::vector<Annotation> &read)
    {
        size_t objects = 0; // the loader keeps the object entries, in order
        for (size_t i = 0; i < list.items().size(); ++i) {
            const LocatedJson &a = list.items()[i];
            if (!a.isObject())
                continue;
            const size_t at = objects++;
            if (at >= read.size())
                break;
            const Annotation &annotation = read[at];
            if (annotation.builtIn || !annotation.enable || annotation.datasourceType.isEmpty() ||
                annotation.datasourceType == u"grafana" || annotation.datasourceType == u"dashboard")
                continue;
            warn(a, path + QStringLiteral("[%1]").arg(i),
                 QStringLiteral("annotation \"%1\" reads a %2 data source, which Promdeck does not read; it "
                                "is not drawn")
                     .arg(annotation.name, datasourceDisplayName(annotation.datasourceType)));
        }
    }

    void checkDatasources(const Dashboard &d)
    {
        // Positions come from the panel's line; the loader resolved which data source it reads.
        for (const Panel &p : d.panels)
            if (p.readsOtherDatasource())
                m_out.push_back(Error::warningAt(
                    SourceLocation{m_file, p.line, 1, {}},
                    QStringLiteral(
                        "panel \"%1\" reads a %2 data source, which Promdeck does not read; its queries "
                        "are not sent")
                        .arg(p.title, datasourceDisplayName(p.unsupportedDatasource()))));
    }

    std::vector<Error> take() { return std::move(m_out); }
    void readsOtherDatasourceAt(int line) { m_otherDatasourceLines.insert(line); }

private:
    void warn(const LocatedJson &at, const QString &path, const QString &message)
    {
        const auto pos = m_positions.at(at.offset());
        m_out.push_back(Error::warningAt(SourceLocation{m_file, pos.line, pos.column, path}, message));
    }

    const QByteArray &m_bytes;
    json::TextPositions m_positions;
    QString m_file;
    std::vector<Error> m_out;
    QSet<int> m_otherDatasourceLines; // panels (by line) whose data source is the news
};

} // namespace

std::vector<Error> drawCoverageWarnings(const Dashboard &dashboard)
{
    LocatedJson::ParseError error;
    const auto root = LocatedJson::parse(dashboard.sourceJson, error);
    CoverageWalker walker(dashboard.sourceJson, dashboard.fileName);
    for (const Panel &p : dashboard.panels)
        if (p.readsOtherDatasource())
            walker.readsOtherDatasourceAt(p.line);
    if (root && root->isObject()) {
        const LocatedJson *top = &*root;
        QString path = QStringLiteral("$");
        if (const LocatedJson *inner = top->member(u"dashboard");
            inner && inner->isObject() && !top->member(u"panels")) {
            top = inner;
            path = QStringLiteral("$.dashboard");
        }
        if (const LocatedJson *panels = top->member(u"panels"); panels && panels->isArray())
            walker.walkPanels(*panels, path + QStringLiteral(".panels"));
        if (const LocatedJson *rows = top->member(u"rows"); rows && rows->isArray())
            for (size_t r = 0; r < rows->items().size(); ++r)
                if (const LocatedJson *panels = rows->items()[r].member(u"panels");
                    panels && panels->isArray())
                    walker.walkPanels(*panels, path + QStringLiteral(".rows[%1].panels").arg(r));
        if (const LocatedJson *annotations = top->member(u"annotations");
            annotations && annotations->isObject())
            if (const LocatedJson *list = annotations->member(u"list"); list && list->isArray())
                walker.checkAnnotations(*list, path + QStringLiteral(".annotations.list"),
                                        dashboard.annotations);
    }
    walker.checkDatasources(dashboard);
    return walker.take();
}

} // namespace promdeck
