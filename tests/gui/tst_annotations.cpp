// Prometheus-query annotations (tests/testdata/annotations-dashboard.json over the fixture's node-2
// scrape outage at 06:00-06:10 and celery@worker-1's crash loop at 10:00-10:30): `promdeck data`
// reports the events Prometheus' own answer to the same range query gives, grouped as Grafana groups
// them (active samples no more than a step apart make one region); the events are drawn on every
// time series panel at their times, in the annotation's colour; switching one off takes its marks
// away; a disabled or built-in annotation asks nothing.
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/PanelFrame.h"
#include "panels/TimeSeriesChart.h"
#include "prometheus/PrometheusClient.h"
#include "query/AnnotationEvents.h"
#include "support/PromdeckData.h"
#include "support/TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QMouseEvent>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace promdeck;

namespace {
constexpr qint64 Hour = 3'600'000;
constexpr qint64 Minute = 60'000;
const qint64 DayStart = test::FixtureStartMs; // 2026-01-05T00:00:00Z

// The events of a query_range answer, computed here from Prometheus' JSON as Grafana's Prometheus
// annotation support computes them: per series, samples above zero, grouped while no more than a
// step apart.
QJsonArray eventsFromAnswer(const QJsonObject &answer, qint64 stepMs, const QStringList &tagKeys)
{
    QJsonArray events;
    for (const QJsonValue &series :
         answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray()) {
        const QJsonObject metric = series.toObject().value(QLatin1String("metric")).toObject();
        QJsonArray tags;
        for (auto it = metric.begin(); it != metric.end(); ++it)
            if (tagKeys.contains(it.key()))
                tags.append(it.value());
        qint64 start = -1, end = -1;
        const auto close = [&] {
            if (start >= 0)
                events.append(QJsonObject{{QStringLiteral("time"), start},
                                          {QStringLiteral("timeEnd"), end},
                                          {QStringLiteral("tags"), tags}});
        };
        for (const QJsonValue &point : series.toObject().value(QLatin1String("values")).toArray()) {
            const qint64 t = static_cast<qint64>(std::llround(point.toArray().at(0).toDouble() * 1000));
            if (!(point.toArray().at(1).toString().toDouble() > 0))
                continue;
            if (start >= 0 && end + stepMs >= t) {
                end = t;
                continue;
            }
            close();
            start = end = t;
        }
        close();
    }
    return events;
}

bool near(QRgb pixel, QColor colour)
{
    return std::abs(qRed(pixel) - colour.red()) + std::abs(qGreen(pixel) - colour.green()) +
               std::abs(qBlue(pixel) - colour.blue()) <
           40;
}

// How many pixels of a column (at x, give or take a pixel) have that colour.
int columnPixels(const QImage &image, int x, QColor colour)
{
    int best = 0;
    for (int dx = -1; dx <= 1; ++dx) {
        int count = 0;
        for (int y = 0; y < image.height(); ++y)
            if (x + dx >= 0 && x + dx < image.width() && near(image.pixel(x + dx, y), colour))
                ++count;
        best = std::max(best, count);
    }
    return best;
}

const QColor Red(255, 0, 0), Magenta(255, 0, 255);
} // namespace

class TestAnnotations : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;
    std::unique_ptr<PrometheusClient> m_client;
    std::unique_ptr<DashboardRefresher> m_refresher;
    std::unique_ptr<DashboardView> m_view;
    const TimeRange m_range{DayStart + 5 * Hour, DayStart + 11 * Hour};

    QImage chartImage(int panelId, const QString &name)
    {
        const QImage image = m_view->frame(panelId)->chart()->grab().toImage();
        image.save(QStringLiteral("%1/annotations-%2.png").arg(QDir::currentPath(), name));
        return image;
    }

private slots:
    void initTestCase()
    {
        m_url = test::fixturePrometheusUrl();
        m_client = std::make_unique<PrometheusClient>(
            &m_nam, PrometheusEndpoint{m_url, {}, std::chrono::seconds(30), 2000});
    }

    void dataReportsWhatPrometheusAnswers()
    {
        const QJsonObject data = test::runPromdeckData(
            {QStringLiteral("--dashboard"), test::testDataPath(QStringLiteral("annotations-dashboard.json")),
             QStringLiteral("--prometheus"), m_url.toString()});
        const QJsonArray annotations = data.value(QLatin1String("annotations")).toArray();
        QCOMPARE(annotations.size(), 4);
        // Grafana's own "Annotations & Alerts" has nothing here; the disabled one is not asked.
        QCOMPARE(annotations[0].toObject().value(QLatin1String("queried")).toBool(), false);
        QVERIFY(!annotations[0].toObject().contains(QLatin1String("expr")));
        QCOMPARE(annotations[3].toObject().value(QLatin1String("enabled")).toBool(), false);
        QVERIFY(!annotations[3].toObject().contains(QLatin1String("expr")));
        QVERIFY(annotations[3].toObject().value(QLatin1String("events")).toArray().isEmpty());

        const QStringList tagKeys[] = {
            {}, {QStringLiteral("job"), QStringLiteral("instance")}, {QStringLiteral("hostname")}};
        for (int i = 1; i <= 2; ++i) {
            const QJsonObject a = annotations[i].toObject();
            QCOMPARE(a.value(QLatin1String("error")).toString(), QString());
            const qint64 step = a.value(QLatin1String("step_ms")).toInteger();
            const QJsonObject answer = test::askPrometheus(
                m_nam, m_url, QStringLiteral("/api/v1/query_range"), test::queryParameters(a));
            const QJsonArray expected = eventsFromAnswer(answer, step, tagKeys[i]);
            const QJsonArray got = a.value(QLatin1String("events")).toArray();
            QVERIFY2(!expected.isEmpty(), qPrintable(a.value(QLatin1String("name")).toString()));
            QCOMPARE(got.size(), expected.size());
            for (qsizetype e = 0; e < got.size(); ++e) {
                const QJsonObject g = got[e].toObject(), x = expected[e].toObject();
                QCOMPARE(g.value(QLatin1String("time")).toInteger(),
                         x.value(QLatin1String("time")).toInteger());
                QCOMPARE(g.value(QLatin1String("timeEnd")).toInteger(),
                         x.value(QLatin1String("timeEnd")).toInteger());
                QCOMPARE(g.value(QLatin1String("tags")).toArray(), x.value(QLatin1String("tags")).toArray());
            }
        }
        // What the incidents are: node-2's scrape fails from 06:00 for ten minutes, one region with
        // the title and text written from its labels; worker-1 is down 10:00-10:30.
        const QJsonArray down = annotations[1].toObject().value(QLatin1String("events")).toArray();
        QCOMPARE(down.size(), 1);
        const QJsonObject outage = down[0].toObject();
        QCOMPARE(outage.value(QLatin1String("time")).toInteger(), DayStart + 6 * Hour);
        QVERIFY(outage.value(QLatin1String("timeEnd")).toInteger() >= DayStart + 6 * Hour + 9 * Minute);
        QVERIFY(outage.value(QLatin1String("timeEnd")).toInteger() < DayStart + 6 * Hour + 10 * Minute);
        QCOMPARE(outage.value(QLatin1String("title")).toString(), QStringLiteral("node-2:9100 down"));
        QCOMPARE(outage.value(QLatin1String("text")).toString(),
                 QStringLiteral("job node answers no scrape"));
        const QJsonArray crash = annotations[2].toObject().value(QLatin1String("events")).toArray();
        QCOMPARE(crash.size(), 1);
        QVERIFY(crash[0].toObject().value(QLatin1String("time")).toInteger() >= DayStart + 10 * Hour);
        QVERIFY(crash[0].toObject().value(QLatin1String("timeEnd")).toInteger() <=
                DayStart + 10 * Hour + 30 * Minute);
        QCOMPARE(crash[0].toObject().value(QLatin1String("title")).toString(),
                 QStringLiteral("celery@worker-1 down"));
    }

    void markersAreDrawnAtTheirTimes()
    {
        const auto loaded =
            loadDashboardFile(test::testDataPath(QStringLiteral("annotations-dashboard.json")));
        QVERIFY(loaded.dashboard);
        m_refresher =
            std::make_unique<DashboardRefresher>(m_client.get(), *loaded.dashboard, PlannerSettings{});
        m_view = std::make_unique<DashboardView>(m_refresher.get());
        m_view->resize(1400, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        m_view->layoutFor(1400);
        QSignalSpy settled(m_refresher.get(), &DashboardRefresher::settled);
        m_refresher->refresh(m_range);
        QVERIFY(settled.wait(60'000));
        QCoreApplication::processEvents();
        m_view->widget()->grab().save(QDir::currentPath() + QStringLiteral("/annotations-dashboard.png"));

        const AnnotationData &outage = m_refresher->annotations()[1];
        QCOMPARE(outage.events.size(), size_t(1));
        // The time series panel and the legacy graph both draw it; the stat does not.
        for (const int panel : {1, 2}) {
            TimeSeriesChart *chart = m_view->frame(panel)->chart();
            QVERIFY(chart);
            QCOMPARE(chart->annotations().size(), size_t(2));
            const QImage image = chartImage(panel, QStringLiteral("on-%1").arg(panel));
            const int start = *chart->viewXOf(outage.events[0].timeMs);
            const int end = *chart->viewXOf(outage.events[0].timeEndMs);
            const int plotHeight = static_cast<int>(chart->chart()->plotArea().height());
            // A red line down the whole plot at each edge of the region, and nowhere at 08:00.
            QVERIFY2(columnPixels(image, start, Red) > plotHeight * 9 / 10,
                     qPrintable(QStringLiteral("%1 red pixels at x=%2 of a plot %3 high")
                                    .arg(columnPixels(image, start, Red))
                                    .arg(start)
                                    .arg(plotHeight)));
            QVERIFY(columnPixels(image, end, Red) > plotHeight * 9 / 10);
            QCOMPARE(columnPixels(image, *chart->viewXOf(DayStart + 8 * Hour), Red), 0);
            const int crash = *chart->viewXOf(m_refresher->annotations()[2].events[0].timeMs);
            QVERIFY(columnPixels(image, crash, Magenta) > plotHeight * 9 / 10);
            // The hover text, as plain text.
            const QString hover = chart->annotationText(outage.events[0].timeMs + 4 * Minute);
            QVERIFY2(hover.startsWith(QStringLiteral("node-2:9100 down\n")), qPrintable(hover));
            QVERIFY(hover.contains(QStringLiteral("job node answers no scrape")));
            QVERIFY(hover.contains(QStringLiteral("Tags: node-2:9100, node")));
            QVERIFY(chart->annotationText(DayStart + 8 * Hour).isEmpty());
        }
        QVERIFY(!m_view->frame(3)->chart());
    }

    void switchedOffItsMarksGo()
    {
        QSignalSpy changed(m_refresher.get(), &DashboardRefresher::annotationsChanged);
        m_refresher->setAnnotationEnabled(1, false);
        QCOMPARE(changed.size(), 1);
        QCoreApplication::processEvents();
        TimeSeriesChart *chart = m_view->frame(1)->chart();
        QCOMPARE(chart->annotations().size(), size_t(1));
        const QImage image = chartImage(1, QStringLiteral("off"));
        const int start = *chart->viewXOf(DayStart + 6 * Hour);
        QCOMPARE(columnPixels(image, start, Red), 0);
        // On again: asked again, drawn again.
        QSignalSpy settled(m_refresher.get(), &DashboardRefresher::settled);
        m_refresher->setAnnotationEnabled(1, true);
        QVERIFY(settled.wait(60'000));
        QCoreApplication::processEvents();
        QCOMPARE(chart->annotations().size(), size_t(2));
        QVERIFY(columnPixels(chartImage(1, QStringLiteral("on-again")), start, Red) > 50);
    }

    // graphTooltip 2: hovering one panel shows the other panels' values at that time; 1 only the line.
    void sharedTooltipShowsTheOtherPanelsValues()
    {
        auto loaded = loadDashboardFile(test::testDataPath(QStringLiteral("annotations-dashboard.json")));
        QVERIFY(loaded.dashboard);
        QCOMPARE(loaded.dashboard->sharedTooltip, SharedTooltip::Crosshair);
        for (const SharedTooltip mode : {SharedTooltip::Tooltip, SharedTooltip::Crosshair}) {
            loaded.dashboard->sharedTooltip = mode;
            DashboardRefresher refresher(m_client.get(), *loaded.dashboard, PlannerSettings{});
            DashboardView view(&refresher);
            view.resize(1400, 700);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.layoutFor(1400);
            QSignalSpy settled(&refresher, &DashboardRefresher::settled);
            refresher.refresh(m_range);
            QVERIFY(settled.wait(60'000));
            QCoreApplication::processEvents();
            TimeSeriesChart *hovered = view.frame(1)->chart();
            TimeSeriesChart *other = view.frame(2)->chart();
            const qint64 at = DayStart + 8 * Hour + 20 * Minute;
            const QPoint pos(*hovered->viewXOf(at), hovered->viewport()->height() / 2);
            QMouseEvent move(QEvent::MouseMove, pos, hovered->viewport()->mapToGlobal(pos), Qt::NoButton,
                             Qt::NoButton, Qt::NoModifier);
            QCoreApplication::sendEvent(hovered->viewport(), &move);
            if (mode == SharedTooltip::Tooltip) {
                // Two workers up at 08:20, as Prometheus has it.
                const QString tip = other->sharedTooltipText();
                QVERIFY2(tip.contains(QStringLiteral("workers: 2")), qPrintable(tip));
                // At the hovered time (to the pixel: the hour is certain).
                QVERIFY2(tip.startsWith(
                             QDateTime::fromMSecsSinceEpoch(at).toString(QStringLiteral("yyyy-MM-dd HH:"))),
                         qPrintable(tip));
                other->grab().save(QDir::currentPath() + QStringLiteral("/annotations-shared-tooltip.png"));
                QVERIFY(hovered->sharedTooltipText().isEmpty()); // the hovered one has its own tooltip
            } else {
                QVERIFY(other->sharedTooltipText().isEmpty());
            }
            QEvent leave(QEvent::Leave);
            QCoreApplication::sendEvent(hovered, &leave);
            QVERIFY(other->sharedTooltipText().isEmpty());
        }
    }
};

QTEST_MAIN(TestAnnotations)
#include "tst_annotations.moc"
