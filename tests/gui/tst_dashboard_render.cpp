// The dashboard drawn offscreen against the fixture Prometheus: every panel area shows something,
// a bad query shows the server's words, a stat shows the value Prometheus computes, and
// `promdeck render` writes the picture.
#include "controls/VariableBar.h"
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/PanelFrame.h"
#include "panels/SeriesLayer.h"
#include "panels/StatView.h"
#include "panels/TimeSeriesChart.h"
#include "prometheus/PrometheusClient.h"
#include "series/ValueFormat.h"
#include "support/TestSupport.h"

#include <QApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace promdeck;

namespace {
int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}
} // namespace

class TestDashboardRender : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;

    QJsonObject askPrometheus(const QString &path, const QUrlQuery &query)
    {
        return test::askPrometheus(m_nam, m_url, path, query);
    }

    // The fixture dashboard in a view 1600 px wide, refreshed over the fixture's day.
    struct Shown
    {
        Shown(QNetworkAccessManager *network, const QUrl &url)
            : client(network, {url, {}, std::chrono::seconds(30), 2000}),
              refresher(
                  &client,
                  *loadDashboardFile(test::testDataPath(QStringLiteral("fixture-dashboard.json"))).dashboard,
                  PlannerSettings{}),
              view(&refresher)
        {
            view.resize(1600, 900);
        }
        bool refreshAndWait()
        {
            view.layoutFor(1600);
            QSignalSpy settled(&refresher, &DashboardRefresher::settled);
            refresher.refresh({test::FixtureStartMs, test::FixtureEndMs});
            return settled.wait(60'000);
        }
        PrometheusClient client;
        DashboardRefresher refresher;
        DashboardView view;
    };

private slots:
    void variableBarHonoursHide()
    {
        // Grafana's `hide`: 0 label and control, 1 the control alone, 2 neither (still substituted).
        std::vector<Variable> defs(3);
        VariableValues values;
        const char *names[] = {"shown", "unlabelled", "hidden"};
        for (int i = 0; i < 3; ++i) {
            defs[i].name = QString::fromLatin1(names[i]);
            defs[i].type = Variable::Type::Custom;
            defs[i].hide = i;
            values.set({defs[i].name, {QStringLiteral("a")}, {QStringLiteral("a")}, false, false, QString()});
        }
        VariableBar bar;
        bar.setVariables(defs, values);
        QVERIFY(bar.findChild<QWidget *>(QStringLiteral("variable:shown")));
        QVERIFY(bar.findChild<QWidget *>(QStringLiteral("variable:unlabelled")));
        QVERIFY(!bar.findChild<QWidget *>(QStringLiteral("variable:hidden")));
        QStringList labels;
        for (const QLabel *l : bar.findChildren<QLabel *>(QStringLiteral("variableLabel")))
            labels << l->text();
        QCOMPARE(labels, QStringList{QStringLiteral("shown")});
    }

    void initTestCase() { m_url = test::fixturePrometheusUrl(); }

    void panelsShowWhatPrometheusAnswers()
    {
        Shown shown(&m_nam, m_url);
        DashboardView &view = shown.view;
        DashboardRefresher &refresher = shown.refresher;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(shown.refreshAndWait());
        QCoreApplication::processEvents();

        const QImage whole = view.widget()->grab().toImage();
        whole.save(QDir::currentPath() + QStringLiteral("/fixture-dashboard.png"));

        // Every panel area holds more than a flat background.
        for (PanelFrame *frame : view.frames()) {
            if (frame->panel().isRow() || !frame->isVisible())
                continue;
            const QImage area = frame->grab().toImage();
            QVERIFY2(distinctColours(area) > 8, qPrintable(frame->panel().title));
        }

        // Time series: a chart, its lines decimated and drawn.
        PanelFrame *rates = view.frame(1);
        QVERIFY(!rates->isShowingMessage());
        QVERIFY(rates->chart());
        QCOMPARE(rates->chart()->seriesLayer()->series().size(), size_t(3));
        // Decimated for the plot's real width, not for the size the chart had before layout settled.
        const QRectF plot = rates->chart()->chart()->plotArea();
        QCOMPARE(rates->chart()->seriesLayer()->columns(), int(std::ceil(plot.width())));
        const qsizetype points = refresher.panelData(1).queries.front().result->series.front().size();
        QVERIFY2(rates->chart()->seriesLayer()->lastVertexCount() >=
                     size_t(std::min<qsizetype>(points, qsizetype(plot.width()))),
                 qPrintable(QString::number(rates->chart()->seriesLayer()->lastVertexCount())));
        QVERIFY(rates->chart()->seriesLayer()->lastVertexCount() <= size_t(3 * 4 * 800 + 24));
        const QString tip = rates->chart()->tooltipText(test::FixtureStartMs + 12 * 3'600'000);
        QVERIFY2(tip.contains(QStringLiteral("2xx")) && tip.contains(QStringLiteral("req/s")),
                 qPrintable(tip));

        // Stat: the maximum p99 over the day, as Prometheus computes it, in the panel's unit and colour.
        PanelFrame *p99 = view.frame(2);
        QVERIFY(p99->stat());
        const PanelData &data = refresher.panelData(2);
        QCOMPARE(data.state, PanelState::Ok);
        const PlannedQuery &planned = data.queries.front().query;
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), planned.range.expr);
        q.addQueryItem(QStringLiteral("start"), QString::number(planned.range.startMs / 1000.0, 'f', 3));
        q.addQueryItem(QStringLiteral("end"), QString::number(planned.range.endMs / 1000.0, 'f', 3));
        q.addQueryItem(QStringLiteral("step"), QString::number(planned.range.stepMs / 1000.0, 'f', 3));
        const QJsonArray values = askPrometheus(QStringLiteral("/api/v1/query_range"), q)
                                      .value(QLatin1String("data"))
                                      .toObject()
                                      .value(QLatin1String("result"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QLatin1String("values"))
                                      .toArray();
        double max = -INFINITY;
        for (const QJsonValue &v : values)
            max = std::max(max, v.toArray()[1].toString().toDouble());
        QCOMPARE(p99->stat()->valueTexts(), QStringList{ValueFormat(QStringLiteral("s")).format(max)});
        // The fixture's latency spike takes p99 over 1 s: the red threshold.
        QVERIFY(max > 1.0);
        QCOMPARE(p99->stat()->valueColor(0), QColor(0xf2, 0x49, 0x5c));

        // The broken query shows the server's words.
        PanelFrame *broken = view.frame(3);
        QVERIFY(broken->isShowingMessage());
        const RangeQuery badQuery = refresher.panelData(3).queries.front().query.range;
        QUrlQuery bad;
        bad.addQueryItem(QStringLiteral("query"), badQuery.expr);
        bad.addQueryItem(QStringLiteral("start"), QString::number(badQuery.startMs / 1000.0, 'f', 3));
        bad.addQueryItem(QStringLiteral("end"), QString::number(badQuery.endMs / 1000.0, 'f', 3));
        bad.addQueryItem(QStringLiteral("step"), QString::number(badQuery.stepMs / 1000.0, 'f', 3));
        const QString serverWords = askPrometheus(QStringLiteral("/api/v1/query_range"), bad)
                                        .value(QLatin1String("error"))
                                        .toString();
        QVERIFY(serverWords.contains(QStringLiteral("parse error")));
        QCOMPARE(broken->messageText(), serverWords);
        QCOMPARE(broken->stateText(), QStringLiteral("ERROR"));

        QCOMPARE(view.frame(4)->messageText(), QStringLiteral("No data"));
        QVERIFY(view.frame(5)->findChild<QLabel *>() != nullptr);
    }

    void zoomRedecimatesFromFullData()
    {
        Shown shown(&m_nam, m_url);
        QVERIFY(shown.refreshAndWait());
        TimeSeriesChart *chart = shown.view.frame(1)->chart();
        chart->grab();
        const size_t before = chart->seriesLayer()->lastVertexCount();
        chart->setVisibleRange(
            {test::FixtureStartMs + 14 * 3'600'000, test::FixtureStartMs + 15 * 3'600'000});
        chart->grab();
        QVERIFY(chart->seriesLayer()->lastVertexCount() < before);
        QCOMPARE(chart->visibleRange().fromMs, test::FixtureStartMs + 14 * 3'600'000);
    }

    void renderCommandWritesThePicture()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("api.png"));
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(test::promdeckBinary(),
                {QStringLiteral("render"), QStringLiteral("--dashboard"), QStringLiteral("api"),
                 QStringLiteral("--prometheus"), m_url.toString(), QStringLiteral("--from"),
                 QStringLiteral("2026-01-05T00:00:00Z"), QStringLiteral("--to"),
                 QStringLiteral("2026-01-06T00:00:00Z"), QStringLiteral("--size"), QStringLiteral("1600x900"),
                 QStringLiteral("-o"), out});
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitCode(), 0);
        const QImage image(out);
        QCOMPARE(image.width(), 1600);
        QVERIFY(image.height() >= 900);
        QVERIFY(distinctColours(image) > 50);
        image.save(QDir::currentPath() + QStringLiteral("/api-dashboard.png"));
    }
};

QTEST_MAIN(TestDashboardRender)
#include "tst_dashboard_render.moc"
