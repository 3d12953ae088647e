#include "export/DataExport.h"

#include "panels/HeatmapData.h"
#include "panels/PanelTable.h"
#include "panels/TimeSeriesPlot.h"
#include "query/PanelFields.h"
#include "query/Repeats.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace promdeck {

void appendJsonNumber(QByteArray &out, double value)
{
    if (std::isnan(value)) {
        out += "\"NaN\"";
        return;
    }
    if (std::isinf(value)) {
        out += value > 0 ? "\"+Inf\"" : "\"-Inf\"";
        return;
    }
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, r.ptr - buffer);
}

void appendJsonString(QByteArray &out, QStringView text)
{
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

namespace {
// The elements of a JSON array of strings, comma-separated (the caller writes the brackets).
void appendJsonStrings(QByteArray &out, const QStringList &texts)
{
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i)
            out += ", ";
        appendJsonString(out, texts[i]);
    }
}

void appendInt(QByteArray &out, std::int64_t v)
{
    char buffer[24];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
    out.append(buffer, r.ptr - buffer);
}

// A count or cell: a number, or null where there is none.
void appendNumberOrNull(QByteArray &out, double v)
{
    if (std::isnan(v))
        out += "null";
    else
        appendJsonNumber(out, v);
}

QString visualName(const Panel &p)
{
    if (p.readsOtherDatasource())
        return QStringLiteral("datasource-unsupported");
    return panelKindName(p.kind);
}

// The table as shown: columns in order with their units, rows in the shown order, raw cells.
void appendTable(QByteArray &out, const Panel &p, const PanelData &data, const VariableValues &variables)
{
    const PanelTable table = buildPanelTable(p, data, variables);
    out += ", \"table\": {\"columns\": [";
    for (int c = 0; c < table.model->columnCount(); ++c) {
        out += c ? ", {\"name\": " : "{\"name\": ";
        appendJsonString(out, table.model->headerData(c, Qt::Horizontal).toString());
        out += ", \"unit\": ";
        appendJsonString(out, table.model->columnStyle(c).config.unit);
        out += '}';
    }
    out += "], \"rows\": [";
    bool firstRow = true;
    for (int row : table.proxy->shownSourceRows()) {
        out += firstRow ? "\n      [" : ",\n      [";
        firstRow = false;
        for (int c = 0; c < table.model->columnCount(); ++c) {
            if (c)
                out += ", ";
            const FrameValue &v = table.model->value(row, c);
            if (const double *d = numberIf(v))
                appendJsonNumber(out, *d);
            else if (const QString *s = textIf(v))
                appendJsonString(out, *s);
            else
                out += "null";
        }
        out += ']';
    }
    out += "]";
    if (!table.skipped.isEmpty()) {
        out += ", \"skipped\": [";
        appendJsonStrings(out, table.skipped);
        out += ']';
    }
    out += '}';
}

// How a series is drawn, resolved from defaults, overrides and the legacy options.
void appendDisplay(QByteArray &out, const PanelField &field, const TimeSeriesPlot &plot, size_t index)
{
    const PlotSeries &p = plot.series[index];
    const GraphFieldConfig &g = field.config.custom;
    out += ", \"display\": {\"name\": ";
    appendJsonString(out, field.displayName);
    out += ", \"color\": ";
    appendJsonString(out, field.color.hex());
    out += ", \"unit\": ";
    appendJsonString(out, plot.scales[static_cast<size_t>(p.scale)].unit);
    out += ", \"axis\": ";
    appendJsonString(out, axisSideName(plot.scales[static_cast<size_t>(p.scale)].side));
    out += ", \"draw\": ";
    out += g.drawStyle == GraphFieldConfig::DrawStyle::Bars     ? "\"bars\""
           : g.drawStyle == GraphFieldConfig::DrawStyle::Points ? "\"points\""
                                                                : "\"line\"";
    out += ", \"stack\": ";
    if (p.stackGroup.isEmpty())
        out += "null";
    else
        appendJsonString(out, p.stackGroup);
    out += ", \"fill\": ";
    appendJsonNumber(out, std::clamp(g.fillOpacity / 100.0, 0.0, 1.0));
    out += ", \"hidden\": ";
    out += p.hidden ? "true" : "false";
    out += '}';
}

// Bounds, times and counts[bucket][time] as the heatmap draws them.
void appendHeatmap(QByteArray &out, const Panel &p, const PanelData &data)
{
    const HeatmapData h = heatmapDataOf(p, data);
    out += ", \"heatmap\": {\"buckets\": [";
    for (size_t b = 0; b < h.upperBounds.size(); ++b) {
        if (b)
            out += ", ";
        appendJsonNumber(out, h.upperBounds[b]);
    }
    out += "], \"times\": [";
    for (size_t t = 0; t < h.timesMs.size(); ++t) {
        if (t)
            out += ", ";
        appendInt(out, h.timesMs[t]);
    }
    out += "], \"calculated\": ";
    out += h.calculated ? "true" : "false";
    out += ", \"counts\": [";
    for (size_t b = 0; b < h.counts.size(); ++b) {
        out += b ? ",\n      [" : "\n      [";
        for (size_t t = 0; t < h.counts[b].size(); ++t) {
            if (t)
                out += ", ";
            appendNumberOrNull(out, h.counts[b][t]);
        }
        out += ']';
    }
    out += "]}";
}
// Every entry of the dashboard's annotations: whether Promdeck queries it (a Prometheus query, not
// the built-in one), whether it is on, what was asked and the events it gave.
void appendAnnotations(QByteArray &out, const DashboardRefresher &refresher)
{
    const Dashboard &d = refresher.dashboard();
    out += ", \"annotations\": [";
    for (size_t i = 0; i < d.annotations.size(); ++i) {
        const Annotation &a = d.annotations[i];
        const AnnotationData &data = refresher.annotations()[i];
        out += i ? ",\n  {" : "\n  {";
        out += "\"name\": ";
        appendJsonString(out, a.name);
        out += ", \"queried\": ";
        out += a.isQueried() ? "true" : "false";
        out += ", \"enabled\": ";
        out += data.enabled ? "true" : "false";
        out += ", \"iconColor\": ";
        appendJsonString(out, a.iconColor);
        if (data.query) {
            out += ", \"expr\": ";
            appendJsonString(out, data.query->expr);
            out += ", \"start_ms\": ";
            appendInt(out, data.query->startMs);
            out += ", \"end_ms\": ";
            appendInt(out, data.query->endMs);
            out += ", \"step_ms\": ";
            appendInt(out, data.query->stepMs);
        }
        out += ", \"error\": ";
        appendJsonString(out, data.error);
        out += ", \"events\": [";
        for (size_t e = 0; e < data.events.size(); ++e) {
            const AnnotationEvent &event = data.events[e];
            out += e ? ",\n    {" : "\n    {";
            out += "\"time\": ";
            appendInt(out, event.timeMs);
            out += ", \"timeEnd\": ";
            appendInt(out, event.timeEndMs);
            out += ", \"title\": ";
            appendJsonString(out, event.title);
            out += ", \"text\": ";
            appendJsonString(out, event.text);
            out += ", \"tags\": [";
            appendJsonStrings(out, event.tags);
            out += "]}";
        }
        out += "]}";
    }
    out += "]";
}

} // namespace

QByteArray exportPanelData(const DashboardRefresher &refresher, const TimeRange &range)
{
    const Dashboard &d = refresher.dashboard();
    QByteArray out;
    out.reserve(1 << 20);
    out += "{\"dashboard\": ";
    appendJsonString(out, d.title);
    out += ", \"uid\": ";
    appendJsonString(out, d.uid);
    out += ", \"from\": ";
    appendInt(out, range.fromMs);
    out += ", \"to\": ";
    appendInt(out, range.toMs);
    // The zone the times were rounded in (`now/d`) and a person reads them in: an IANA id or "UTC".
    out += ", \"timezone\": ";
    appendJsonString(out, QString::fromUtf8(refresher.timeZone().id()));
    out += ", \"source\": ";
    appendJsonString(out, refresher.source()->description());
    // The variables as picked, as the flight recorder keeps them (All as $__all): a replay of the
    // same moment writes the same.
    out += ", \"variables\": {";
    const QMap<QString, QString> picked = refresher.variables().selections();
    for (auto it = picked.begin(); it != picked.end(); ++it) {
        if (it != picked.begin())
            out += ", ";
        appendJsonString(out, it.key());
        out += ": ";
        appendJsonString(out, it.value());
    }
    out += "}";
    appendAnnotations(out, refresher);
    out += ", \"panels\": [";
    bool firstPanel = true;
    for (const Panel *p : d.visiblePanels()) {
        if (p->isRow())
            continue;
        const PanelData &data = refresher.panelData(p->id);
        out += firstPanel ? "\n  {" : ",\n  {";
        firstPanel = false;
        out += "\"id\": ";
        appendInt(out, p->id);
        out += ", \"title\": ";
        appendJsonString(out, p->title);
        out += ", \"type\": ";
        appendJsonString(out, p->type);
        if (const int original = repeatedPanelId(*p); original != 0) {
            out += ", \"repeatOf\": ";
            appendInt(out, original);
            out += ", \"repeatValue\": ";
            appendJsonString(out, repeatedValue(*p));
        }
        out += ", \"visual\": ";
        appendJsonString(out, visualName(*p));
        out += ", \"state\": ";
        appendJsonString(out, panelStateName(data.state));
        // The range the panel shows: the dashboard's, or its own after timeFrom and timeShift.
        const TimeRange shown = data.range.isValid() ? data.range : range;
        out += ", \"range\": {\"from\": ";
        appendInt(out, shown.fromMs);
        out += ", \"to\": ";
        appendInt(out, shown.toMs);
        out += '}';
        out += ", \"error\": ";
        appendJsonString(out, data.error);
        out += ", \"warnings\": [";
        appendJsonStrings(out, data.warnings);
        out += "], \"queries\": [";
        const std::vector<PanelField> fields = panelFields(*p, data, refresher.variables());
        std::vector<PlotField> plotFields;
        for (const PanelField &f : fields)
            plotFields.push_back({&f.config, std::shared_ptr<const Series>(f.owner, f.series)});
        const TimeSeriesPlot plot =
            planTimeSeries(plotFields, data.queries.empty() ? 0 : data.queries.front().query.stepMs);
        bool firstQuery = true;
        for (const QueryData &q : data.queries) {
            out += firstQuery ? "\n    {" : ",\n    {";
            firstQuery = false;
            out += "\"refId\": ";
            appendJsonString(out, q.query.refId);
            out += ", \"expr\": ";
            appendJsonString(out, q.query.expr());
            out += ", \"instant\": ";
            out += q.query.instant ? "true" : "false";
            out += ", \"start_ms\": ";
            appendInt(out, q.query.instant ? q.query.instantQuery.timeMs : q.query.range.startMs);
            out += ", \"end_ms\": ";
            appendInt(out, q.query.instant ? q.query.instantQuery.timeMs : q.query.range.endMs);
            out += ", \"step_ms\": ";
            appendInt(out, q.query.stepMs);
            out += ", \"error\": ";
            appendJsonString(out, q.error);
            out += ", \"series\": [";
            if (q.result) {
                bool firstSeries = true;
                for (const Series &s : q.result->series) {
                    out += firstSeries ? "\n      {" : ",\n      {";
                    firstSeries = false;
                    out += "\"labels\": {";
                    bool firstLabel = true;
                    for (const Label &l : s.labels.labels()) {
                        if (!firstLabel)
                            out += ", ";
                        firstLabel = false;
                        appendJsonString(out, l.name);
                        out += ": ";
                        appendJsonString(out, l.value);
                    }
                    out += "}, \"points\": [";
                    for (qsizetype i = 0; i < s.size(); ++i) {
                        out += i ? ",[" : "[";
                        appendInt(out, s.timestampsMs[static_cast<size_t>(i)]);
                        out += ',';
                        appendJsonNumber(out, s.values[static_cast<size_t>(i)]);
                        out += ']';
                    }
                    out += ']';
                    for (size_t f = 0; f < fields.size(); ++f)
                        if (fields[f].series == &s)
                            appendDisplay(out, fields[f], plot, f);
                    out += '}';
                }
            }
            out += "]}";
        }
        out += "]";
        if (p->kind == PanelKind::Table && !p->readsOtherDatasource())
            appendTable(out, *p, data, refresher.variables());
        else if (p->kind == PanelKind::Heatmap && !p->readsOtherDatasource())
            appendHeatmap(out, *p, data);
        out += "}";
    }
    out += "\n]}\n";
    return out;
}

} // namespace promdeck
