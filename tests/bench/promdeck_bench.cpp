// Promdeck's performance targets, measured against their baselines in the same run.
//   bench parse_matrix_1m promdeck_mb_s=X qjson_mb_s=Y simdjson_mb_s=Z ...
//   bench render_timeseries_1m median_ms=X qtcharts_raw_ms=Y ...
//   bench decimate_m4_1m median_ms=X
//   bench table_10k_rows median_ms=X qtableview_plain_ms=Y ...
//   bench heatmap_1k_x_40 median_ms=X qtableview_plain_ms=Y ...
//   bench load_10k_panels median_ms=X qjsondocument_ms=Y (a 10,000-panel dashboard loaded and placed)
//   bench snapshot_24h bytes_per_sample=X write_ms=Y open_ms=Z (needs --prometheus URL of the fixture)
//   bench refresh_incremental full_bytes=X incremental_bytes=Y ratio=Z (the api dashboard, "Last 6 hours"
//     refreshed every 10 s for 10 minutes of the fixture's time, bytes counted at a loopback proxy;
//     baseline: the same refreshes asking whole ranges; needs --prometheus URL of the fixture)
//   bench promql_parse median_us=X lexer_only_us=Y promtool_us=Z (per expression of the built-in
//     dashboards and rules; baselines: the lexer's token pass alone, and Prometheus' own parser in promtool)
//   bench promql_complete median_us=X parse_us=Y (completion at a cursor with the metadata cached;
//     baseline: parsing the same expression once)
//   bench open_node_exporter_full first_paint_ms=X requests_before_scroll=Y ... (the window's view at
//     1600x1000 over the fixture Prometheus, only panels in or near the viewport queried; the
//     baseline queries every panel of an expanded row, as before; rows as saved, then all expanded)
//   bench gui_stall max_ms=X baseline_sync_recorder_write_ms=Y ... (the GUI thread's longest stall, a
//     1 ms timer's lateness, over that dashboard expanded, scrolled, refreshed and recorded)
//   startup_overview, cpu_idle_pct, soak_refresh: the real process watched from outside (window_process.h)
// --quick runs each case once on the same data, for the test suite; figures come from a full run.
#include "alerting/AlertRule.h"
#include "dashboard/DashboardLoader.h"
#include "dashboard/GridGeometry.h"
#include "layout/DashboardView.h"
#include "panels/HeatmapView.h"
#include "panels/Palette.h"
#include "panels/PanelContent.h"
#include "panels/SeriesLayer.h"
#include "panels/TimeSeriesChart.h"
#include "prometheus/PrometheusClient.h"
#include "prometheus/ResponseParser.h"
#include "promql/Completion.h"
#include "promql/Lexer.h"
#include "promql/Parser.h"
#include "promql/Templating.h"
#include "query/DashboardRefresher.h"
#include "query/QueryCheck.h"
#include "query/Variables.h"
#include "series/M4Decimation.h"
#include "settings/SecretStore.h"
#include "settings/Settings.h"
#include "snapshot/Recording.h"
#include "snapshot/SnapshotFile.h"
#include "support/FaultProxy.h"
#include "table/TablePanelView.h"
#include "window_process.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrlQuery>
#include <QValueAxis>
#include <algorithm>
#include <cstdio>
#include <fast_float/fast_float.h>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <simdjson.h>
#include <vector>

using namespace promdeck;

namespace {

bool quick = false;
int failures = 0; // a case that could not measure what it promises fails the run

double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        times.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// One query_range answer as Prometheus writes it: 100 series x 10,000 samples.
QByteArray makeMatrix(int seriesCount, int samples)
{
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> noise(0, 1);
    QByteArray out;
    out.reserve(seriesCount * samples * 28);
    out += R"({"status":"success","data":{"resultType":"matrix","result":[)";
    char buffer[64];
    for (int s = 0; s < seriesCount; ++s) {
        if (s)
            out += ',';
        out += R"({"metric":{"__name__":"http_requests_total","handler":"/api/h)" +
               QByteArray::number(s % 20) + R"(","instance":"api-)" + QByteArray::number(s) +
               R"(:8000","job":"fastapi"},"values":[)";
        double level = 100 * noise(rng);
        for (int i = 0; i < samples; ++i) {
            if (i)
                out += ',';
            level += noise(rng) - 0.5;
            const long long ms = 1'767'571'200'000LL + i * 15'000LL + (s % 3) * 125;
            const int n =
                std::snprintf(buffer, sizeof buffer, "[%lld.%03lld,\"%.6g\"]", ms / 1000, ms % 1000, level);
            out.append(buffer, n);
        }
        out += "]}";
    }
    out += "]}}";
    return out;
}

struct Columns
{
    std::vector<std::vector<std::int64_t>> t;
    std::vector<std::vector<double>> v;
    std::size_t samples() const
    {
        std::size_t n = 0;
        for (const auto &c : t)
            n += c.size();
        return n;
    }
};

// Baseline 1: the obvious Qt way, a document tree.
Columns parseWithQJson(const QByteArray &body)
{
    Columns c;
    const QJsonArray result = QJsonDocument::fromJson(body)
                                  .object()
                                  .value(QLatin1String("data"))
                                  .toObject()
                                  .value(QLatin1String("result"))
                                  .toArray();
    for (const QJsonValue &s : result) {
        const QJsonArray values = s.toObject().value(QLatin1String("values")).toArray();
        std::vector<std::int64_t> ts;
        std::vector<double> vs;
        ts.reserve(static_cast<size_t>(values.size()));
        vs.reserve(static_cast<size_t>(values.size()));
        for (const QJsonValue &p : values) {
            const QJsonArray pair = p.toArray();
            ts.push_back(std::llround(pair[0].toDouble() * 1000));
            vs.push_back(pair[1].toString().toDouble());
        }
        c.t.push_back(std::move(ts));
        c.v.push_back(std::move(vs));
    }
    return c;
}

// Baseline 2: simdjson on-demand with fast_float for the value strings.
Columns parseWithSimdjson(simdjson::ondemand::parser &parser, const simdjson::padded_string &body)
{
    Columns c;
    simdjson::ondemand::document doc = parser.iterate(body);
    for (simdjson::ondemand::object series : doc["data"]["result"].get_array()) {
        std::vector<std::int64_t> ts;
        std::vector<double> vs;
        for (auto field : series) {
            if (field.unescaped_key().value() != "values")
                continue;
            for (simdjson::ondemand::array pair : field.value().get_array()) {
                auto it = pair.begin();
                const double t = double((*it).get_double());
                ++it;
                const std::string_view text = std::string_view((*it).get_string());
                double v = 0;
                fast_float::from_chars(text.data(), text.data() + text.size(), v);
                ts.push_back(std::llround(t * 1000));
                vs.push_back(v);
            }
        }
        c.t.push_back(std::move(ts));
        c.v.push_back(std::move(vs));
    }
    return c;
}

void benchParse()
{
    const QByteArray body = makeMatrix(100, 10'000);
    const double mb = static_cast<double>(body.size()) / 1e6;
    const int runs = quick ? 1 : 9;

    std::size_t promdeckSamples = 0;
    const double promdeckMs = medianMs(runs, [&] {
        const QueryOutcome o = parseQueryResponse(body, 200);
        promdeckSamples = static_cast<std::size_t>(o.result->sampleCount());
    });
    simdjson::ondemand::parser parser;
    const simdjson::padded_string padded(body.constData(), static_cast<size_t>(body.size()));
    std::size_t simdSamples = 0;
    const double simdMs = medianMs(runs, [&] { simdSamples = parseWithSimdjson(parser, padded).samples(); });
    std::size_t qjsonSamples = 0;
    const double qjsonMs = medianMs(quick ? 1 : 3, [&] { qjsonSamples = parseWithQJson(body).samples(); });
    if (promdeckSamples != 1'000'000 || simdSamples != promdeckSamples || qjsonSamples != promdeckSamples) {
        std::fprintf(stderr, "sample counts differ: %zu %zu %zu\n", promdeckSamples, simdSamples,
                     qjsonSamples);
        ++failures;
    }
    std::printf(
        "bench parse_matrix_1m promdeck_mb_s=%.0f qjson_mb_s=%.0f simdjson_mb_s=%.0f promdeck_ms=%.1f "
        "qjson_ms=%.1f simdjson_ms=%.1f vs_qjson=%.1fx vs_simdjson=%.2fx bytes=%lld\n",
        mb / (promdeckMs / 1e3), mb / (qjsonMs / 1e3), mb / (simdMs / 1e3), promdeckMs, qjsonMs, simdMs,
        qjsonMs / promdeckMs, simdMs / promdeckMs, static_cast<long long>(body.size()));
    std::fflush(stdout);
}

QueryResult makeSeries(int seriesCount, int samples)
{
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> noise(-1, 1);
    QueryResult r;
    for (int s = 0; s < seriesCount; ++s) {
        Series series;
        series.labels = LabelSet::fromLabels({{QStringLiteral("series"), QString::number(s)}});
        double level = 50 + 10 * s;
        for (int i = 0; i < samples; ++i) {
            level += noise(rng);
            series.timestampsMs.push_back(1'767'571'200'000LL + i * 1000LL);
            series.values.push_back(level + (i % 9973 == 0 ? 40 : 0));
        }
        r.series.push_back(std::move(series));
    }
    return r;
}

void benchDecimate()
{
    const QueryResult r = makeSeries(1, 1'000'000);
    const Series &s = r.series.front();
    std::size_t out = 0;
    const double ms = medianMs(quick ? 1 : 21, [&] {
        out = decimateM4(s.timestampsMs, s.values, {s.timestampsMs.front(), s.timestampsMs.back(), 1600, 0})
                  .size();
    });
    std::printf("bench decimate_m4_1m median_ms=%.2f samples=1000000 columns=1600 vertices=%zu\n", ms, out);
    std::fflush(stdout);
}

void benchRender()
{
    auto result = std::make_shared<const QueryResult>(makeSeries(10, 100'000));
    std::vector<DisplaySeries> series;
    for (size_t i = 0; i < result->series.size(); ++i)
        series.push_back({QStringLiteral("series %1").arg(i), seriesColor(static_cast<int>(i)), result,
                          &result->series[i]});
    const TimeRange full{result->series[0].timestampsMs.front(), result->series[0].timestampsMs.back()};

    TimeSeriesChart chart;
    chart.resize(1600, 400);
    chart.show(); // offscreen; a shown view lays its chart out like the window does
    chart.setData(series, full, 1000);
    QImage target(1600, 400, QImage::Format_ARGB32_Premultiplied);
    // A repaint as the window does it: the chart's deferred layout runs, then everything is drawn.
    auto repaint = [&](QGraphicsView &view) {
        QCoreApplication::processEvents();
        QPainter p(&target);
        view.render(&p);
    };
    repaint(chart); // the first paint lays out the chart

    // Each repaint follows a zoom: a different window over the same 1,000,000 samples.
    int step = 0;
    const int runs = quick ? 2 : 31;
    const double ms = medianMs(runs, [&] {
        const std::int64_t span = full.durationMs() / (1 + (step % 4));
        const std::int64_t from = full.fromMs + (step * 7919LL % 10) * (full.durationMs() - span) / 10;
        chart.setVisibleRange({from, from + span});
        repaint(chart);
        ++step;
    });
    const size_t vertices = chart.seriesLayer()->lastVertexCount();

    // The baseline: Qt Charts' own QLineSeries fed the raw samples.
    QChart *raw = new QChart;
    raw->setAnimationOptions(QChart::NoAnimation);
    auto *x = new QValueAxis;
    auto *y = new QValueAxis;
    raw->addAxis(x, Qt::AlignBottom);
    raw->addAxis(y, Qt::AlignLeft);
    for (const Series &s : result->series) {
        auto *line = new QLineSeries;
        QList<QPointF> points;
        points.reserve(s.size());
        for (qsizetype i = 0; i < s.size(); ++i)
            points.append(QPointF(static_cast<double>(s.timestampsMs[static_cast<size_t>(i)]),
                                  s.values[static_cast<size_t>(i)]));
        line->replace(points);
        raw->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    y->setRange(0, 200);
    QChartView rawView(raw);
    rawView.resize(1600, 400);
    rawView.show();
    x->setRange(static_cast<double>(full.fromMs), static_cast<double>(full.toMs));
    repaint(rawView);
    int rawStep = 0;
    const double rawMs = medianMs(quick ? 1 : 3, [&] {
        const std::int64_t span = full.durationMs() / (1 + (rawStep % 2));
        x->setRange(static_cast<double>(full.fromMs), static_cast<double>(full.fromMs + span));
        repaint(rawView);
        ++rawStep;
    });
    std::printf("bench render_timeseries_1m median_ms=%.1f qtcharts_raw_ms=%.1f speedup=%.0fx series=10 "
                "samples_per_series=100000 size=1600x400 vertices=%zu\n",
                ms, rawMs, rawMs / ms, vertices);
    std::fflush(stdout);
}

// A kube-prometheus style table of 10,000 pods: two instant `format: table` answers joined on `pod`
// and organized, then the table panel's first paint at 1600x800. The baseline: Qt's own QTableView
// over a QStandardItemModel holding the same cells as text, filled and painted the same way.
void benchTable()
{
    const int rows = 10'000;
    auto answer = [&](double scale) {
        auto r = std::make_shared<QueryResult>();
        r->type = ResultType::Vector;
        for (int i = 0; i < rows; ++i)
            r->series.push_back(
                Series{LabelSet::fromLabels({{QStringLiteral("namespace"), QStringLiteral("shop")},
                                             {QStringLiteral("pod"), QStringLiteral("pod-%1").arg(i)}}),
                       {1'767'657'600'000},
                       {scale * ((i * 7919) % 1000)}});
        return SharedQueryResult(std::move(r));
    };
    const QByteArray json = R"({"panels": [{"id": 1, "type": "table", "title": "Pods",
        "targets": [{"refId": "A", "expr": "cpu", "format": "table", "instant": true},
                    {"refId": "B", "expr": "memory", "format": "table", "instant": true}],
        "fieldConfig": {"defaults": {"unit": "short"}, "overrides": []},
        "transformations": [{"id": "joinByField", "options": {"byField": "pod", "mode": "outer"}},
          {"id": "organize", "options": {"excludeByName": {"Time 1": true, "Time 2": true, "namespace 2": true},
            "renameByName": {"pod": "Pod", "Value #A": "CPU", "Value #B": "Memory"}}}]}]})";
    const Panel panel = loadDashboard(json, QStringLiteral("bench.json")).dashboard->panels.front();
    PanelData data;
    data.state = PanelState::Ok;
    for (const auto &[refId, scale] :
         {std::pair{QStringLiteral("A"), 0.001}, std::pair{QStringLiteral("B"), 1e6}}) {
        QueryData q;
        q.query.refId = refId;
        q.query.instant = true;
        q.result = answer(scale);
        data.queries.push_back(std::move(q));
    }
    QImage target(1600, 800, QImage::Format_ARGB32_Premultiplied);
    int shownRows = 0;
    const double ms = medianMs(quick ? 1 : 7, [&] {
        TablePanelView view;
        view.resize(1600, 800);
        view.setData(panel, data, VariableValues{});
        view.show();
        QCoreApplication::processEvents();
        QPainter p(&target);
        view.render(&p);
        shownRows = view.proxy()->rowCount();
    });
    if (shownRows != rows) {
        std::fprintf(stderr, "table_10k_rows showed %d rows, not %d\n", shownRows, rows);
        ++failures;
    }
    // The same cells as text in Qt's plain model and view.
    const PanelTable built = buildPanelTable(panel, data, VariableValues{});
    std::vector<QStringList> cells(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < built.model->columnCount(); ++c)
            cells[static_cast<size_t>(r)] << built.model->text(r, c);
    const double plainMs = medianMs(quick ? 1 : 7, [&] {
        QStandardItemModel model(rows, built.model->columnCount());
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < built.model->columnCount(); ++c)
                model.setItem(r, c, new QStandardItem(cells[static_cast<size_t>(r)][c]));
        QTableView view;
        view.setModel(&model);
        view.resize(1600, 800);
        view.show();
        QCoreApplication::processEvents();
        QPainter p(&target);
        view.render(&p);
    });
    const double transformMs = medianMs(quick ? 1 : 7, [&] { (void)panelFrames(panel, data); });
    std::printf(
        "bench table_10k_rows median_ms=%.1f qtableview_plain_ms=%.1f transform_ms=%.1f rows=%d columns=%d "
        "size=1600x800\n",
        ms, plainMs, transformMs, rows, built.model->columnCount());
    std::fflush(stdout);
}

// A heatmap of 1,000 time columns by 40 buckets repainted at 1600x800; the baseline: QTableView
// over a plain model of the same 40,000 counts.
void benchHeatmap()
{
    HeatmapData h;
    const int times = 1000, buckets = 40;
    for (int b = 0; b < buckets; ++b) {
        h.lowerBounds.push_back(b * 0.05);
        h.upperBounds.push_back((b + 1) * 0.05);
        h.bucketLabels << QString::number((b + 1) * 0.05);
        std::vector<double> row;
        for (int t = 0; t < times; ++t)
            row.push_back(static_cast<double>((b * 31 + t * 17) % 97));
        h.counts.push_back(std::move(row));
    }
    for (int t = 0; t < times; ++t)
        h.timesMs.push_back(1'767'571'200'000 + t * 60'000LL);
    h.maxCount = 96;
    const TimeRange range{h.timesMs.front(), h.timesMs.back() + 60'000};
    Panel panel;
    panel.kind = PanelKind::Heatmap;
    HeatmapView view;
    view.resize(1600, 800);
    view.setData(h, panel, range);
    view.show();
    QImage target(1600, 800, QImage::Format_ARGB32_Premultiplied);
    const double ms = medianMs(quick ? 2 : 21, [&] {
        QPainter p(&target);
        view.render(&p);
    });
    QStandardItemModel model(buckets, times);
    for (int b = 0; b < buckets; ++b)
        for (int t = 0; t < times; ++t)
            model.setItem(
                b, t,
                new QStandardItem(QString::number(h.counts[static_cast<size_t>(b)][static_cast<size_t>(t)])));
    QTableView table;
    table.setModel(&model);
    table.resize(1600, 800);
    table.show();
    QCoreApplication::processEvents();
    const double plainMs = medianMs(quick ? 2 : 21, [&] {
        QPainter p(&target);
        table.render(&p);
    });
    std::printf("bench heatmap_1k_x_40 median_ms=%.2f qtableview_plain_ms=%.2f cells=%d size=1600x800\n", ms,
                plainMs, times * buckets);
    std::fflush(stdout);
}

// The api dashboard over the fixture's 24 hours at full resolution (a 15 s step, the scrape
// interval), recorded from the fixture Prometheus; the baseline is Prometheus' own JSON for the
// same queries.
void benchSnapshot(const QUrl &url)
{
    auto loaded = loadDashboardFile(QStringLiteral(PROMDECK_SOURCE_DIR "/dashboards/api.json"));
    QNetworkAccessManager network;
    PrometheusClient client(&network, {url, {}, std::chrono::seconds(60), 2000});
    DashboardRefresher refresher(&client, *loaded.dashboard, PlannerSettings{});
    const TimeRange day{1'767'571'200'000, 1'767'657'600'000};
    refresher.setDefaultWidth(static_cast<int>(day.durationMs() / 15'000));
    {
        // The dashboard's variables first, as the window and `promdeck record` resolve them.
        VariableResolver resolver(&client);
        QEventLoop resolved;
        QObject::connect(&resolver, &VariableResolver::finished, &resolved, &QEventLoop::quit);
        resolver.resolve(refresher.dashboard(), day, {});
        if (!resolver.isFinished())
            resolved.exec();
        refresher.setVariables(resolver.values());
    }
    QEventLoop loop;
    QObject::connect(&refresher, &DashboardRefresher::settled, &loop, &QEventLoop::quit);
    refresher.refresh(day);
    loop.exec();
    const Snapshot snapshot = snapshotOf(refresher, day, QStringLiteral("api"), {});
    const qsizetype samples = snapshot.sampleCount();

    QByteArray bytes;
    const int runs = quick ? 1 : 5;
    const double writeMs = medianMs(runs, [&] { bytes = encodeSnapshot(snapshot); });
    qsizetype readSamples = 0;
    const double openMs = medianMs(runs, [&] { readSamples = decodeSnapshot(bytes)->sampleCount(); });
    if (readSamples != samples || samples == 0) {
        std::fprintf(stderr, "snapshot lost samples: %lld of %lld\n", static_cast<long long>(readSamples),
                     static_cast<long long>(samples));
        ++failures;
    }

    // What Prometheus sends for the same queries.
    qint64 jsonBytes = 0;
    for (const RecordedQuery &q : snapshot.queries) {
        QUrlQuery params;
        params.addQueryItem(QStringLiteral("query"), q.expr());
        params.addQueryItem(QStringLiteral("start"), QString::number(q.range.startMs / 1000.0, 'f', 3));
        params.addQueryItem(QStringLiteral("end"), QString::number(q.range.endMs / 1000.0, 'f', 3));
        params.addQueryItem(QStringLiteral("step"), QString::number(q.range.stepMs / 1000.0, 'f', 3));
        QUrl u = client.apiUrl(QStringLiteral("/api/v1/query_range"));
        u.setQuery(params);
        QNetworkRequest request(u);
        request.setRawHeader("Accept-Encoding", "identity");
        QNetworkReply *reply = network.get(request);
        QEventLoop wait;
        QObject::connect(reply, &QNetworkReply::finished, &wait, &QEventLoop::quit);
        wait.exec();
        jsonBytes += reply->readAll().size();
        reply->deleteLater();
    }
    std::printf("bench snapshot_24h bytes_per_sample=%.2f write_ms=%.1f open_ms=%.1f "
                "prometheus_json_bytes_per_sample=%.1f "
                "samples=%lld bytes=%lld queries=%zu\n",
                static_cast<double>(bytes.size()) / static_cast<double>(samples), writeMs, openMs,
                static_cast<double>(jsonBytes) / static_cast<double>(samples),
                static_cast<long long>(samples), static_cast<long long>(bytes.size()),
                snapshot.queries.size());
    std::fflush(stdout);
}

// The api dashboard over "Last 6 hours", refreshed every 10 s for 10 minutes of the fixture's time
// (a clock stepped through it, not waited for), once asking whole ranges and once incrementally, each
// through its own loopback proxy that counts the bytes both ways. --quick steps through 30 s only (the
// suite's smoke run: the figures need the whole 10 minutes).
void benchRefreshIncremental(const QUrl &url)
{
    struct Counted
    {
        qint64 toServer = 0;
        qint64 toClient = 0;
        int queries = 0;
        int incremental = 0;
        qint64 total() const { return toServer + toClient; }
    };
    auto loaded = loadDashboardFile(QStringLiteral(PROMDECK_SOURCE_DIR "/dashboards/api.json"));
    const std::int64_t first = 1'767'571'200'000 + (16 * 60 + 25) * 60'000; // the fixture's +16:25
    const std::int64_t last = first + (quick ? 30'000 : 600'000);
    const std::int64_t sixHours = 6 * 3'600'000;
    int refreshes = 0;
    auto run = [&](bool incremental) {
        test::FaultProxy proxy(url);
        QNetworkAccessManager network;
        PrometheusClient client(&network, {proxy.url(), {}, std::chrono::seconds(60), 2000});
        DashboardRefresher refresher(&client, *loaded.dashboard,
                                     PlannerSettings{15'000, client.endpoint().maxSeries});
        std::int64_t now = first;
        refresher.setClock([&now] { return now; });
        refresher.setIncremental(incremental);
        refresher.setTimeIsRelative(true);
        refresher.setDefaultWidth(800);
        {
            VariableResolver resolver(&client);
            QEventLoop resolved;
            QObject::connect(&resolver, &VariableResolver::finished, &resolved, &QEventLoop::quit);
            resolver.resolve(refresher.dashboard(), {now - sixHours, now}, {});
            if (!resolver.isFinished())
                resolved.exec();
            refresher.setVariables(resolver.values());
        }
        proxy.resetByteCounts(); // the refreshes alone
        QEventLoop loop;
        QObject::connect(&refresher, &DashboardRefresher::settled, &loop, &QEventLoop::quit);
        refreshes = 0;
        for (; now <= last; now += 10'000, ++refreshes) {
            refresher.refresh({now - sixHours, now});
            loop.exec();
        }
        return Counted{proxy.bytesToServer(), proxy.bytesToClient(), refresher.queriesSent(),
                       refresher.incrementalQueriesSent()};
    };
    const Counted full = run(false);
    const Counted incremental = run(true);
    if (incremental.incremental == 0 || full.total() == 0) {
        std::fprintf(stderr, "refresh_incremental: nothing incremental was asked\n");
        ++failures;
    }
    std::printf(
        "bench refresh_incremental full_bytes=%lld incremental_bytes=%lld ratio=%.1f "
        "full_answer_bytes=%lld incremental_answer_bytes=%lld answer_ratio=%.1f "
        "refreshes=%d queries=%d incremental_queries=%d fixture_minutes=%d\n",
        static_cast<long long>(full.total()), static_cast<long long>(incremental.total()),
        static_cast<double>(full.total()) / static_cast<double>(std::max<qint64>(1, incremental.total())),
        static_cast<long long>(full.toClient), static_cast<long long>(incremental.toClient),
        static_cast<double>(full.toClient) / static_cast<double>(std::max<qint64>(1, incremental.toClient)),
        refreshes, incremental.queries, incremental.incremental, static_cast<int>((last - first) / 60'000));
    std::fflush(stdout);
}

// Counts the requests for panel data (instant and range queries) as they leave for the server: what
// Prometheus is asked, not what the refresher believes it asked.
class CountingNetwork : public QNetworkAccessManager
{
public:
    int panelQueries = 0;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *data) override
    {
        const QString path = request.url().path();
        if (path.endsWith(QLatin1String("/api/v1/query_range")) ||
            path.endsWith(QLatin1String("/api/v1/query")))
            ++panelQueries;
        return QNetworkAccessManager::createRequest(op, request, data);
    }
};

struct OpenFigures
{
    double firstPaintMs = 0; // the file opened -> every panel in the viewport answered and painted
    double variablesMs = 0;  // the file opened -> its variables known (three chained label queries)
    int requestsBeforeScroll = 0;
    int requestsAfterScroll = 0; // once scrolled to the end, a screen at a time
    int panelsInViewport = 0;    // query panels in the viewport itself
    int panelsShown = 0;         // query panels of expanded rows
    bool complete = false;       // every shown panel answered in the end
    // With a recorder file: the GUI thread's longest stall (a 1 ms timer's lateness) over the open,
    // the scroll to the end, a refresh and the flight recorder's background write; the phase it was
    // in; and, as the baseline, the same write done on the GUI thread.
    double maxStallMs = 0;
    QString stallPhase;
    std::map<QString, double> stallByPhase;
    double syncWriteMs = 0;
    qint64 recordedSamples = 0;
};

// Node Exporter Full opened in the window's view at 1600x1000 over the fixture Prometheus. `lazy`:
// the view tells the workspace what is in view, as the window does; else every panel of an expanded
// row is queried (the baseline). `expandRows`: every row expanded before the first refresh.
OpenFigures openNodeExporterFull(const QUrl &url, bool lazy, bool expandRows, const QString &shot,
                                 bool recordAndProbe = false)
{
    OpenFigures figures;
    QTemporaryDir dir;
    Settings settings(
        std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));
    CountingNetwork network;
    SessionSecretStore keychain;
    Workspace::Options options;
    if (recordAndProbe)
        options.recorderFile = dir.filePath(QStringLiteral("flight-recorder.pdsnap"));
    Workspace workspace(&settings, &network, &keychain, options);
    ServerProfile profile;
    profile.name = QStringLiteral("fixture");
    profile.url = url;
    workspace.connectLive(profile);
    {
        // Connected and the server's version known before the clock starts: the window is so
        // before its user opens a file.
        QEventLoop loop;
        QObject::connect(&workspace, &Workspace::serverInfoChanged, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    std::unique_ptr<DashboardView> view;
    QObject::connect(&workspace, &Workspace::dashboardClosing, [&] {
        if (view)
            view.release()->deleteLater();
    });
    QObject::connect(&workspace, &Workspace::dashboardOpened, [&] {
        DashboardRefresher *refresher = workspace.refresher();
        if (expandRows)
            for (const Panel &p : refresher->dashboard().panels)
                if (p.isRow() && p.collapsed)
                    refresher->toggleRow(p.id);
        view = std::make_unique<DashboardView>(refresher);
        if (lazy)
            QObject::connect(view.get(), &DashboardView::panelsInViewChanged, &workspace,
                             &Workspace::setPanelsInView);
        QObject::connect(view.get(), &DashboardView::panelsNeedData, &workspace, &Workspace::refreshPanels);
        view->resize(1600, 1000);
        view->show();
        view->layoutFor(view->viewport()->width());
    });
    const auto inViewport = [&] {
        std::vector<int> ids;
        const QRect shown(0, view->verticalScrollBar()->value(), view->viewport()->width(),
                          view->viewport()->height());
        for (const PanelFrame *f : view->frames())
            if (!f->isHidden() && f->panel().hasQueries() && f->geometry().intersects(shown))
                ids.push_back(f->panelId());
        return ids;
    };
    const auto answered = [&](const std::vector<int> &ids) {
        return std::all_of(ids.begin(), ids.end(), [&](int id) {
            const PanelData &d = workspace.refresher()->panelData(id);
            return d.state != PanelState::Loading && !d.refreshing;
        });
    };
    const auto waitFor = [](const std::function<bool()> &done, int timeoutMs) {
        QElapsedTimer waited;
        waited.start();
        while (!done() && waited.elapsed() < timeoutMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
        return done();
    };
    const auto quiet = [&] {
        // Settled, and nothing more asked for a while.
        int before = -1;
        while (before != network.panelQueries) {
            before = network.panelQueries;
            waitFor([&] { return !workspace.isResolvingVariables() && workspace.refresher()->isSettled(); },
                    20'000);
            waitFor([] { return false; }, 150);
        }
    };

    QElapsedTimer clock;
    QObject::connect(&workspace, &Workspace::variablesResolved, [&] {
        if (figures.variablesMs == 0)
            figures.variablesMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    });
    QString phase = QStringLiteral("open");
    QTimer probe;
    QElapsedTimer sinceTick;
    if (recordAndProbe) {
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(1);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const double late = static_cast<double>(sinceTick.nsecsElapsed()) / 1e6 - 1.0;
            figures.stallByPhase[phase] = std::max(figures.stallByPhase[phase], late);
            if (late > figures.maxStallMs) {
                figures.maxStallMs = late;
                figures.stallPhase = phase;
            }
            sinceTick.start();
        });
        sinceTick.start();
        probe.start();
    }
    clock.start();
    const QString file =
        QStringLiteral(PROMDECK_SOURCE_DIR "/tests/testdata/grafana-dashboards/node-exporter-full.json");
    const TimeSpec hours{TimeExpression::absolute(1'767'614'400'000),
                         TimeExpression::absolute(1'767'636'000'000)};
    if (!workspace.openDashboard(file, TimeOverride::of(hours))) {
        std::fprintf(stderr, "open_node_exporter_full: %s cannot be opened\n", qPrintable(file));
        ++failures;
        return figures;
    }
    const bool painted = waitFor(
        [&] {
            const std::vector<int> ids = view ? inViewport() : std::vector<int>{};
            return !ids.empty() && answered(ids);
        },
        20'000);
    if (painted) {
        const QImage image = view->grab().toImage();
        figures.firstPaintMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        if (!shot.isEmpty())
            image.save(shot);
    } else {
        std::fprintf(stderr, "open_node_exporter_full: the panels in view never answered\n");
        ++failures;
    }
    figures.panelsInViewport = static_cast<int>(inViewport().size());
    quiet();
    figures.requestsBeforeScroll = network.panelQueries;
    QScrollBar *bar = view->verticalScrollBar();
    phase = QStringLiteral("scroll");
    while (bar->value() < bar->maximum()) {
        bar->setValue(bar->value() + view->viewport()->height());
        quiet();
    }
    figures.requestsAfterScroll = network.panelQueries;
    std::vector<int> shown;
    for (const PanelFrame *f : view->frames())
        if (!f->isHidden() && f->panel().hasQueries())
            shown.push_back(f->panelId());
    figures.panelsShown = static_cast<int>(shown.size());
    figures.complete = answered(shown);
    if (!figures.complete) {
        std::fprintf(stderr, "open_node_exporter_full: panels still without an answer after scrolling\n");
        ++failures;
    }
    if (recordAndProbe) {
        phase = QStringLiteral("refresh");
        workspace.refresh();
        quiet();
        phase = QStringLiteral("recorder_write");
        figures.recordedSamples = workspace.recorder()->sampleCount();
        bool written = false;
        QObject::connect(&workspace, &Workspace::recorderWritten, [&](const QString &problem) {
            written = true;
            if (!problem.isEmpty()) {
                std::fprintf(stderr, "gui_stall: the recorder's write failed: %s\n", qPrintable(problem));
                ++failures;
            }
        });
        workspace.writeRecorderInBackground();
        if (!waitFor([&] { return written; }, 60'000)) {
            std::fprintf(stderr, "gui_stall: the recorder's background write never ended\n");
            ++failures;
        }
        waitFor([] { return false; }, 50);
        probe.stop();
        QElapsedTimer sync;
        sync.start();
        (void)workspace.recorder()->flush();
        figures.syncWriteMs = static_cast<double>(sync.nsecsElapsed()) / 1e6;
    }
    return figures;
}

// The longest GUI-thread stall while Node Exporter Full (every row expanded) opens, is scrolled to
// the end, refreshes and the flight recorder writes what it holds in the background; the baseline is
// that write done on the GUI thread, as it was.
void benchGuiStall(const QUrl &url)
{
    const int runs = quick ? 1 : 3;
    std::vector<double> stalls, syncs;
    OpenFigures last;
    for (int r = 0; r < runs; ++r) {
        last = openNodeExporterFull(url, true, true, {}, true);
        stalls.push_back(last.maxStallMs);
        syncs.push_back(last.syncWriteMs);
    }
    std::sort(stalls.begin(), stalls.end());
    std::sort(syncs.begin(), syncs.end());
    QString phases;
    for (const auto &[phase, ms] : last.stallByPhase)
        phases += QStringLiteral(" last_run_%1_ms=%2").arg(phase).arg(ms, 0, 'f', 1);
    std::printf(
        "bench gui_stall max_ms=%.1f phase=%s baseline_sync_recorder_write_ms=%.1f recorded_samples=%lld "
        "worst_run_max_ms=%.1f%s runs=%d\n",
        stalls[stalls.size() / 2], qPrintable(last.stallPhase), syncs[syncs.size() / 2],
        static_cast<long long>(last.recordedSamples), stalls.back(), qPrintable(phases), runs);
    std::fflush(stdout);
}

void benchOpenNodeExporterFull(const QUrl &url)
{
    for (const bool expand : {false, true}) {
        if (expand && quick) {
            // Scrolling through every row takes seconds: the smoke run opens the file as saved only.
            std::fprintf(stderr, "open_node_exporter_full_expanded: skipped in --quick\n");
            continue;
        }
        const int runs = quick ? 1 : 5;
        std::vector<double> lazyMs, eagerMs, variablesMs;
        OpenFigures lazy, eager;
        for (int r = 0; r < runs; ++r) {
            // Alternated, so that a noisy moment of the machine does not favour one of them.
            const QString shot =
                r == 0 && !quick
                    ? QDir::temp().filePath(QStringLiteral("promdeck-bench-node-exporter-full%1.png")
                                                .arg(expand ? QStringLiteral("-expanded") : QString()))
                    : QString();
            lazy = openNodeExporterFull(url, true, expand, shot);
            eager = openNodeExporterFull(url, false, expand, {});
            lazyMs.push_back(lazy.firstPaintMs);
            variablesMs.push_back(lazy.variablesMs);
            eagerMs.push_back(eager.firstPaintMs);
        }
        const auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        std::printf(
            "bench open_node_exporter_full%s first_paint_ms=%.0f requests_before_scroll=%d "
            "requests_after_scroll=%d baseline_first_paint_ms=%.0f baseline_requests=%d "
            "variables_ms=%.0f panels_in_viewport=%d panels_shown=%d rows=%s size=1600x1000 runs=%d\n",
            expand ? "_expanded" : "", median(lazyMs), lazy.requestsBeforeScroll, lazy.requestsAfterScroll,
            median(eagerMs), eager.requestsBeforeScroll, median(variablesMs), lazy.panelsInViewport,
            lazy.panelsShown, expand ? "all_expanded" : "as_saved", runs);
        std::fflush(stdout);
    }
}

// The expressions of the built-in dashboards (their variables filled as `promdeck validate` fills
// them) and of the built-in rules: what Promdeck parses for real.
QByteArrayList builtinExpressions()
{
    QByteArrayList out;
    const QString dir = QStringLiteral(PROMDECK_SOURCE_DIR "/dashboards");
    for (const QString &name : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files)) {
        const DashboardLoadResult loaded = loadDashboardFile(dir + QLatin1Char('/') + name);
        if (!loaded.ok())
            continue;
        const VariableValues values = offlineVariableValues(*loaded.dashboard);
        const promql::VariableLookup lookup = [&values](const QString &v,
                                                        const QString &f) -> std::optional<QString> {
            if (const VariableValue *value = values.find(v))
                return formatVariable(*value, f);
            return std::nullopt;
        };
        for (const Panel &p : loaded.dashboard->panels)
            for (const Target &t : p.targets)
                if (!t.expr.trimmed().isEmpty() &&
                    (t.datasourceType.isEmpty() || isPrometheusDatasourceType(t.datasourceType)))
                    out << promql::substituteVariables(t.expr.toUtf8(), lookup).text;
    }
    for (const RuleGroup &g : loadRuleFile(dir + QStringLiteral("/event-system.rules.yml")).groups)
        for (const AlertRule &r : g.rules)
            out << r.expr.toUtf8();
    return out;
}

// Seconds promtool takes for a rule file of these expressions, with the process start included.
double promtoolSeconds(const QString &promtool, const QByteArrayList &exprs, const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return -1;
    f.write("groups:\n- name: bench\n  rules:\n");
    for (qsizetype i = 0; i < exprs.size(); ++i)
        f.write("  - record: r" + QByteArray::number(i) + "\n    expr: '" +
                QByteArray(exprs[i]).replace('\'', "''") + "'\n");
    f.close();
    QElapsedTimer t;
    t.start();
    QProcess p;
    p.start(promtool,
            {QStringLiteral("check"), QStringLiteral("rules"), QStringLiteral("--lint=none"), path});
    p.waitForFinished(120'000);
    return p.exitCode() == 0 ? double(t.nsecsElapsed()) / 1e9 : -1;
}

void benchPromqlParse()
{
    const QByteArrayList exprs = builtinExpressions();
    if (exprs.size() < 50) {
        std::fprintf(stderr, "promql_parse: only %lld built-in expressions found\n",
                     static_cast<long long>(exprs.size()));
        ++failures;
        return;
    }
    const int runs = quick ? 1 : 21;
    const int repeat = quick ? 1 : 50; // each run parses every expression this many times
    int refused = 0;
    const double parseMs = medianMs(runs, [&] {
        for (int r = 0; r < repeat; ++r)
            for (const QByteArray &e : exprs)
                refused += !promql::parse(QByteArrayView(e)).ok();
    });
    std::size_t tokens = 0;
    const double lexMs = medianMs(runs, [&] {
        for (int r = 0; r < repeat; ++r)
            for (const QByteArray &e : exprs) {
                promql::Lexer lexer(e);
                for (promql::Token t = lexer.next(); t.type != promql::TokenType::Eof; t = lexer.next())
                    ++tokens;
            }
    });
    const double perExpression = double(exprs.size()) * repeat;
    // Prometheus' own parser: promtool on all the expressions (repeated) against promtool on one,
    // so that the process start cancels out.
    double promtoolUs = -1;
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    QTemporaryDir dir;
    if (!promtool.isEmpty() && dir.isValid()) {
        QByteArrayList many;
        for (int r = 0; r < (quick ? 2 : 20); ++r)
            many += exprs;
        std::vector<double> manyS;
        std::vector<double> oneS;
        for (int r = 0; r < (quick ? 1 : 5); ++r) {
            manyS.push_back(promtoolSeconds(promtool, many, dir.filePath(QStringLiteral("many.yml"))));
            oneS.push_back(
                promtoolSeconds(promtool, {exprs.front()}, dir.filePath(QStringLiteral("one.yml"))));
        }
        std::sort(manyS.begin(), manyS.end());
        std::sort(oneS.begin(), oneS.end());
        const double many_ = manyS[manyS.size() / 2];
        const double one = oneS[oneS.size() / 2];
        if (many_ > 0 && one > 0)
            promtoolUs = std::max(0.0, (many_ - one) * 1e6 / double(many.size() - 1));
    }
    if (refused > 0 || promtoolUs < 0) {
        std::fprintf(stderr, "promql_parse: %d built-in expressions refused, promtool baseline %s\n", refused,
                     promtoolUs < 0 ? "missing" : "ok");
        ++failures;
    }
    std::printf("bench promql_parse median_us=%.2f lexer_only_us=%.2f promtool_us=%.1f expressions=%lld "
                "bytes_per_expression=%.0f\n",
                parseMs * 1000 / perExpression, lexMs * 1000 / perExpression, promtoolUs,
                static_cast<long long>(exprs.size()),
                double(std::accumulate(exprs.begin(), exprs.end(), qsizetype(0),
                                       [](qsizetype n, const QByteArray &e) { return n + e.size(); })) /
                    double(exprs.size()));
    std::fflush(stdout);
}

// Stands in for a server's metadata (no network in a benchmark of the completion itself): the
// dashboards' own metric and label names, and 5,000 more metric names, as a large server has.
class BenchMetadataProvider : public promql::MetadataProvider
{
public:
    QStringList metrics;
    QStringList labels;
    QString serverKey() const override { return QStringLiteral("bench"); }
    void fetch(const promql::MetadataRequest &request, QObject *context,
               std::function<void(promql::MetadataAnswer)> done) override
    {
        promql::MetadataAnswer answer;
        switch (request.kind) {
        case promql::MetadataRequest::Kind::MetricNames:
            answer.values = metrics;
            break;
        case promql::MetadataRequest::Kind::LabelNames:
            answer.values = labels;
            break;
        case promql::MetadataRequest::Kind::LabelValues:
            for (int i = 0; i < 50; ++i)
                answer.values << QStringLiteral("value-%1").arg(i);
            break;
        case promql::MetadataRequest::Kind::MetricMetadata:
            for (const QString &m : std::as_const(metrics))
                answer.metrics.insert(m, {QStringLiteral("counter"), QStringLiteral("Help for ") + m, {}});
            break;
        }
        QTimer::singleShot(0, context, [done, answer] { done(answer); });
    }
};

void benchPromqlComplete()
{
    const QByteArrayList exprs = builtinExpressions();
    BenchMetadataProvider provider;
    for (const QByteArray &e : exprs) {
        const promql::ParseResult r = promql::parse(QByteArrayView(e));
        if (!r.expression)
            continue;
        for (const promql::Node &n : r.expression->nodes()) {
            if (!n.metricName.isEmpty())
                provider.metrics << QString::fromUtf8(n.metricName);
            for (const promql::LabelMatcher &m : n.matchers)
                provider.labels << QString::fromUtf8(m.name);
        }
    }
    for (int i = 0; i < 5000; ++i)
        provider.metrics << QStringLiteral("app_subsystem%1_operation_%2_total").arg(i % 50).arg(i);
    provider.metrics.removeDuplicates();
    provider.metrics.sort();
    provider.labels.removeDuplicates();
    promql::MetadataCache cache(&provider);
    // Cursor positions: every 5th byte of every expression; the cache is filled by a first pass.
    std::vector<std::pair<QByteArray, int>> cursors;
    for (const QByteArray &e : exprs)
        for (int c = 0; c <= e.size(); c += 5)
            cursors.emplace_back(e, c);
    for (int pass = 0; pass < 3; ++pass) {
        for (const auto &[e, c] : cursors)
            promql::complete(e, c, &cache);
        QCoreApplication::processEvents();
    }
    std::size_t candidates = 0;
    int pending = 0;
    std::vector<double> times;
    for (const auto &[e, c] : cursors) {
        QElapsedTimer t;
        t.start();
        const promql::Completion completion = promql::complete(e, c, &cache);
        times.push_back(double(t.nsecsElapsed()) / 1e3);
        candidates += completion.candidates.size();
        pending += completion.pending;
    }
    std::sort(times.begin(), times.end());
    std::vector<double> parseTimes;
    for (const auto &[e, c] : cursors) {
        QElapsedTimer t;
        t.start();
        promql::parse(QByteArrayView(e));
        parseTimes.push_back(double(t.nsecsElapsed()) / 1e3);
    }
    std::sort(parseTimes.begin(), parseTimes.end());
    // The worst cursor: an empty expression, where every metric name, function and aggregation fits.
    std::size_t everything = 0;
    const double emptyMs =
        medianMs(quick ? 1 : 51, [&] { everything = promql::complete("", 0, &cache).candidates.size(); });
    if (pending > 0) {
        std::fprintf(stderr, "promql_complete: %d completions still waited for metadata\n", pending);
        ++failures;
    }
    std::printf(
        "bench promql_complete median_us=%.1f p99_us=%.1f all_metrics_us=%.0f parse_us=%.1f cursors=%zu "
        "metrics=%lld candidates_per_cursor=%.0f all_metrics_candidates=%zu\n",
        times[times.size() / 2], times[times.size() * 99 / 100], emptyMs * 1000,
        parseTimes[parseTimes.size() / 2], cursors.size(), static_cast<long long>(provider.metrics.size()),
        double(candidates) / double(cursors.size()), everything);
    std::fflush(stdout);
}

} // namespace

// Loading a dashboard of 10,000 panels (each with a query and a place on the grid) and placing it:
// linear in the panels (the loader once counted lines from the file's start for each of them: 40 s).
// The baseline is Qt's JSON parser reading the same bytes into a tree, which does far less.
void benchLoad10kPanels()
{
    QByteArray json = "{\"title\": \"many\", \"uid\": \"many\", \"panels\": [\n";
    constexpr int Panels = 10'000;
    for (int i = 0; i < Panels; ++i) {
        json +=
            (i ? ",\n" : "") + QStringLiteral("  {\"id\": %1, \"type\": \"timeseries\", \"title\": \"p%1\", "
                                              "\"gridPos\": {\"x\": %2, \"y\": %3, \"w\": 6, \"h\": 8}, "
                                              "\"targets\": [{\"refId\": \"A\", \"expr\": "
                                              "\"rate(http_requests_total{job=\\\"api\\\"}[5m])\"}]}")
                                   .arg(i + 1)
                                   .arg((i % 4) * 6)
                                   .arg((i / 4) * 8)
                                   .toUtf8();
    }
    json += "\n]}\n";
    std::size_t placed = 0;
    const double ms = medianMs(quick ? 1 : 5, [&] {
        const DashboardLoadResult r = loadDashboard(json, QStringLiteral("many.json"));
        if (!r.ok()) {
            std::fprintf(stderr, "load_10k_panels: %s\n", qPrintable(toStrings(r.diagnostics).join(u'\n')));
            ++failures;
            return;
        }
        placed = GridGeometry::place(*r.dashboard, 1600).size();
    });
    const double qjsonMs = medianMs(quick ? 1 : 5, [&] { QJsonDocument::fromJson(json); });
    if (placed != Panels) {
        std::fprintf(stderr, "load_10k_panels placed %zu panels, not %d\n", placed, Panels);
        ++failures;
    }
    std::printf(
        "bench load_10k_panels median_ms=%.1f qjsondocument_ms=%.1f ratio=%.1f panels=%d bytes=%lld\n", ms,
        qjsonMs, ms / qjsonMs, Panels, static_cast<long long>(json.size()));
}

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QStringList cases;
    QUrl prometheus;
    int soakCycles = 0; // soak_refresh's refreshes (0: its default)
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        if (a == u"--quick")
            quick = true;
        else if (a == u"--cycles" && i + 1 < argc)
            soakCycles = QString::fromLocal8Bit(argv[++i]).toInt();
        else if (a == u"--prometheus" && i + 1 < argc)
            prometheus = QUrl(QString::fromLocal8Bit(argv[++i]));
        else
            cases << a;
    }
    // The snapshot and refresh cases need the fixture Prometheus; the test suite passes where it is.
    const QString urlFile = qEnvironmentVariable("PROMDECK_TEST_PROMETHEUS_URL_FILE");
    if (prometheus.isEmpty() && !urlFile.isEmpty()) {
        QFile f(urlFile);
        if (f.open(QIODevice::ReadOnly))
            prometheus = QUrl(QString::fromUtf8(f.readAll().trimmed()));
    }
    auto wanted = [&](const char *name) { return cases.isEmpty() || cases.contains(QLatin1String(name)); };
    if (wanted("parse_matrix_1m"))
        benchParse();
    if (wanted("render_timeseries_1m"))
        benchRender();
    if (wanted("decimate_m4_1m"))
        benchDecimate();
    if (wanted("promql_parse"))
        benchPromqlParse();
    if (wanted("promql_complete"))
        benchPromqlComplete();
    if (wanted("table_10k_rows"))
        benchTable();
    if (wanted("heatmap_1k_x_40"))
        benchHeatmap();
    if (wanted("load_10k_panels"))
        benchLoad10kPanels();
    if (wanted("open_node_exporter_full")) {
        if (prometheus.isEmpty()) {
            std::fprintf(stderr, "open_node_exporter_full needs the fixture Prometheus: --prometheus URL\n");
            ++failures;
        } else
            benchOpenNodeExporterFull(prometheus);
    }
    if (wanted("gui_stall")) {
        if (prometheus.isEmpty()) {
            std::fprintf(stderr, "gui_stall needs the fixture Prometheus: --prometheus URL\n");
            ++failures;
        } else
            benchGuiStall(prometheus);
    }
    if (wanted("snapshot_24h")) {
        if (prometheus.isEmpty()) {
            std::fprintf(stderr, "snapshot_24h needs the fixture Prometheus: --prometheus URL\n");
            ++failures;
        } else
            benchSnapshot(prometheus);
    }
    // The process cases (the full soak, 10,000 refreshes, takes minutes).
    const std::pair<const char *, std::function<bool(const QUrl &, bool)>> processCases[] = {
        {"startup_overview", bench::benchStartupOverview},
        {"cpu_idle_pct", bench::benchCpuIdle},
        {"soak_refresh", [soakCycles](const QUrl &url, bool quick) {
             return bench::benchSoakRefresh(url, quick, soakCycles);
         }}};
    for (const auto &[name, run] : processCases) {
        if (!wanted(name))
            continue;
        if (prometheus.isEmpty()) {
            std::fprintf(stderr, "%s needs the fixture Prometheus: --prometheus URL\n", name);
            ++failures;
        } else if (!run(prometheus, quick)) {
            ++failures;
        }
    }
    if (wanted("refresh_incremental")) {
        if (prometheus.isEmpty()) {
            std::fprintf(stderr, "refresh_incremental needs the fixture Prometheus: --prometheus URL\n");
            ++failures;
        } else
            benchRefreshIncremental(prometheus);
    }
    return failures == 0 ? 0 : 1;
}
