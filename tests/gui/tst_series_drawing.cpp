// Time series drawn as the dashboard's JSON says, read back from the pixels of the rendered panels
// (tests/testdata/drawing-dashboard.json over the fixture Prometheus, whose constant `vector(N)`
// answers give lines at known values). Each panel carries two reference lines at known values on
// its left scale, so a line's expected row follows from theirs: a stacked pair's top line is at the
// sum, a right-axis series is scaled by the right axis' own range, negative-Y draws below zero, a
// hidden series draws no pixel (and the same series not hidden does). `promdeck data` reports the
// same choices as each series' "display".
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/PanelFrame.h"
#include "panels/SeriesLayer.h"
#include "panels/SeriesLegend.h"
#include "panels/TimeSeriesChart.h"
#include "prometheus/PrometheusClient.h"
#include "support/PromdeckData.h"
#include "support/TestSupport.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QHash>
#include <QImage>
#include <QJsonArray>
#include <QMultiHash>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <algorithm>
#include <cmath>

using namespace promdeck;

namespace {
bool near(QRgb pixel, QColor colour)
{
    return std::abs(qRed(pixel) - colour.red()) + std::abs(qGreen(pixel) - colour.green()) +
               std::abs(qBlue(pixel) - colour.blue()) <
           60;
}

// The rows where a colour is drawn, top to bottom (one entry per pixel of that colour).
std::vector<int> rowsOf(const QImage &image, QColor colour)
{
    std::vector<int> rows;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (near(image.pixel(x, y), colour))
                rows.push_back(y);
    return rows;
}

// The middle row of a horizontal line of that colour; -1 when the colour is nowhere.
double lineRow(const QImage &image, QColor colour)
{
    std::vector<int> rows = rowsOf(image, colour);
    if (rows.size() < 20)
        return -1;
    std::nth_element(rows.begin(), rows.begin() + static_cast<long>(rows.size() / 2), rows.end());
    return rows[rows.size() / 2];
}

// Where a value is drawn on the left scale, from two reference lines at known values.
double expectedRow(double rowA, double valueA, double rowB, double valueB, double value)
{
    return rowA + (rowB - rowA) * (value - valueA) / (valueB - valueA);
}

const QColor Green(0, 255, 0), Yellow(255, 255, 0), Red(255, 0, 0), Blue(0, 0, 255);
} // namespace

class TestSeriesDrawing : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;
    std::unique_ptr<PrometheusClient> m_client;
    std::unique_ptr<DashboardRefresher> m_refresher;
    std::unique_ptr<DashboardView> m_view;
    const TimeRange m_range{test::FixtureEndMs - 6 * 3'600'000, test::FixtureEndMs};

    QImage panelImage(int id)
    {
        PanelFrame *frame = m_view->frame(id);
        if (!frame)
            return {};
        const QImage image = frame->grab().toImage();
        image.save(QStringLiteral("%1/drawing-panel-%2.png").arg(QDir::currentPath()).arg(id));
        return image;
    }

private slots:
    void initTestCase()
    {
        m_url = test::fixturePrometheusUrl();
        m_client = std::make_unique<PrometheusClient>(
            &m_nam, PrometheusEndpoint{m_url, {}, std::chrono::seconds(30), 2000});
        const auto loaded = loadDashboardFile(test::testDataPath(QStringLiteral("drawing-dashboard.json")));
        QVERIFY(loaded.dashboard);
        m_refresher =
            std::make_unique<DashboardRefresher>(m_client.get(), *loaded.dashboard, PlannerSettings{});
        m_view = std::make_unique<DashboardView>(m_refresher.get());
        m_view->resize(1600, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        m_view->layoutFor(1600);
        QSignalSpy settled(m_refresher.get(), &DashboardRefresher::settled);
        m_refresher->refresh(m_range);
        QVERIFY(settled.wait(60'000));
        QCoreApplication::processEvents();
        m_view->widget()->grab().save(QDir::currentPath() + QStringLiteral("/drawing-dashboard.png"));
    }

    void stackedPairDrawsItsTopLineAtTheSum()
    {
        const QImage image = panelImage(1);
        const double one = lineRow(image, Green), nine = lineRow(image, Yellow);
        QVERIFY2(one > 0 && nine > 0 && one > nine + 50,
                 qPrintable(QStringLiteral("%1 %2").arg(one).arg(nine)));
        // 2 and 3 stacked: the lower at 2, the upper at 2 + 3.
        QVERIFY2(std::abs(lineRow(image, Red) - expectedRow(one, 1, nine, 9, 2)) <= 2,
                 qPrintable(QString::number(lineRow(image, Red))));
        QVERIFY2(std::abs(lineRow(image, Blue) - expectedRow(one, 1, nine, 9, 5)) <= 2,
                 qPrintable(QStringLiteral("blue at %1, the sum at %2")
                                .arg(lineRow(image, Blue))
                                .arg(expectedRow(one, 1, nine, 9, 5))));
    }

    void rightAxisSeriesIsScaledByTheRightAxis()
    {
        const QImage image = panelImage(2);
        const double one = lineRow(image, Green), nine = lineRow(image, Yellow);
        QVERIFY(one > 0 && nine > 0);
        // 600 on a right axis of 0..1000 sits where 6 sits on the left's 0..10.
        QVERIFY2(std::abs(lineRow(image, Blue) - expectedRow(one, 1, nine, 9, 6)) <= 2,
                 qPrintable(QStringLiteral("blue at %1, expected %2")
                                .arg(lineRow(image, Blue))
                                .arg(expectedRow(one, 1, nine, 9, 6))));
    }

    void negativeYDrawsBelowZero()
    {
        const QImage image = panelImage(3);
        const double eight = lineRow(image, Green), minusTwo = lineRow(image, Yellow);
        QVERIFY(eight > 0 && minusTwo > eight);
        QVERIFY2(std::abs(lineRow(image, Blue) - expectedRow(eight, 8, minusTwo, -2, -5)) <= 2,
                 qPrintable(QStringLiteral("blue at %1, expected %2")
                                .arg(lineRow(image, Blue))
                                .arg(expectedRow(eight, 8, minusTwo, -2, -5))));
    }

    void hiddenSeriesDrawsNoPixel()
    {
        const QImage hidden = panelImage(4);
        QVERIFY(rowsOf(hidden, Green).size() > 100);
        QCOMPARE(rowsOf(hidden, Red).size(), size_t(0));
        // The same series without hideFrom.viz is drawn: the count above can tell.
        QVERIFY(rowsOf(panelImage(5), Red).size() > 100);
    }

    void percentStackedBarsShareTheHeight()
    {
        const QImage image = panelImage(6);
        // 1 and 3 as shares of 4: the red bar is a quarter of the stack's height.
        const double red = static_cast<double>(rowsOf(image, Red).size());
        const double blue = static_cast<double>(rowsOf(image, Blue).size());
        QVERIFY(red > 100 && blue > 100);
        QVERIFY2(std::abs(red / (red + blue) - 0.25) < 0.03, qPrintable(QString::number(red / (red + blue))));
    }

    void legendTableListsCalcsSortedAndIsolates()
    {
        PanelFrame *frame = m_view->frame(7);
        QVERIFY(frame && frame->legend());
        // Sorted by mean, descending; "zero" is hidden from the legend.
        QCOMPARE(frame->legend()->rowTexts(),
                 (QStringList{QStringLiteral("six\t6\t6"), QStringLiteral("two\t2\t2")}));
        const auto pixels = [frame](QColor c) { return rowsOf(frame->chart()->grab().toImage(), c).size(); };
        QVERIFY(pixels(Blue) > 100 && pixels(Red) > 100);
        frame->legend()->clickRow(1, false); // only "two"
        QCOMPARE(pixels(Blue), size_t(0));
        QVERIFY(pixels(Red) > 100);
        frame->legend()->clickRow(0, true); // Ctrl-click brings "six" back
        QVERIFY(pixels(Blue) > 100 && pixels(Red) > 100);
        frame->legend()->clickRow(1, false);
        frame->legend()->clickRow(1, false); // the one shown alone, clicked again: all again
        QVERIFY(pixels(Blue) > 100 && pixels(Red) > 100);
        QVERIFY(!frame->chart()->isUserHidden(QStringLiteral("six")));
        // The choice outlives a refresh.
        frame->legend()->clickRow(1, false);
        QSignalSpy settled(m_refresher.get(), &DashboardRefresher::settled);
        m_refresher->refresh(m_range);
        QVERIFY(settled.wait(60'000));
        QCoreApplication::processEvents();
        QCOMPARE(pixels(Blue), size_t(0));
        frame->legend()->clickRow(1, false);
    }

    void tooltipAsThePanelSays()
    {
        const std::int64_t t = m_range.fromMs + 3 * 3'600'000;
        // "multi", sorted ascending; "zero" is hidden from the tooltip.
        const QString all = m_view->frame(7)->chart()->tooltipText(t);
        QVERIFY2(all.contains(QStringLiteral("two")) && all.contains(QStringLiteral("six")), qPrintable(all));
        QVERIFY(all.indexOf(QStringLiteral("two")) < all.indexOf(QStringLiteral("six")));
        QVERIFY(!all.contains(QStringLiteral("zero")));
        // "single": the series drawn nearest the cursor, here the stack's lower line.
        TimeSeriesChart *stacked = m_view->frame(1)->chart();
        const double lowY = stacked->seriesLayer()->sceneYAt(2, t);
        QVERIFY(std::isfinite(lowY));
        const QString one = stacked->tooltipText(t, lowY + 1);
        QVERIFY2(one.contains(QStringLiteral("low")) && !one.contains(QStringLiteral("high")),
                 qPrintable(one));
        const QString other = stacked->tooltipText(t, stacked->seriesLayer()->sceneYAt(3, t));
        QVERIFY2(other.contains(QStringLiteral("high")) && !other.contains(QStringLiteral("low")),
                 qPrintable(other));
    }

    void panelTimeOverrideInTitleAndRange()
    {
        // The dashboard's range here is absolute: Grafana keeps it, and only shifts it.
        QCOMPARE(m_view->frame(8)->timeInfoText(), QStringLiteral("timeshift -1d"));
        // Its legend is a list below the chart, its one entry flowing on one line.
        QCOMPARE(m_view->frame(8)->legend()->rowTexts(), QStringList{QStringLiteral("one")});
        QVERIFY(m_view->frame(8)->legend()->height() < 40);
        const TimeRange asked = m_refresher->panelData(8).range;
        QCOMPARE(asked.fromMs, m_range.fromMs - 86'400'000);
        QCOMPARE(asked.toMs, m_range.toMs - 86'400'000);

        // Relative to now, `timeFrom` gives the panel its own last hour, a day back.
        const QJsonObject data = test::runPromdeckData(
            {QStringLiteral("--dashboard"), test::testDataPath(QStringLiteral("drawing-dashboard.json")),
             QStringLiteral("--prometheus"), m_url.toString(), QStringLiteral("--from"),
             QStringLiteral("now-6h"), QStringLiteral("--to"), QStringLiteral("now")});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const QJsonValue &p : data.value(QStringLiteral("panels")).toArray()) {
            const QJsonObject range = p[QStringLiteral("range")].toObject();
            const qint64 from = range.value(QStringLiteral("from")).toInteger();
            const qint64 to = range.value(QStringLiteral("to")).toInteger();
            if (p[QStringLiteral("id")].toInt() == 8) {
                QCOMPARE(to - from, qint64(3'600'000));
                QVERIFY(std::abs(to - (now - 86'400'000)) < 120'000);
                // The queries ask that range too.
                const QJsonObject q = p[QStringLiteral("queries")][0].toObject();
                QVERIFY(q.value(QStringLiteral("end_ms")).toInteger() <= to);
                QVERIFY(q.value(QStringLiteral("start_ms")).toInteger() >=
                        from - q.value(QStringLiteral("step_ms")).toInteger());
            } else {
                QCOMPARE(to - from, qint64(6 * 3'600'000));
            }
        }
    }

    void repeatedRowOncePerTask()
    {
        // celery-exporter's "by task" dashboard repeats a row of tables and time series by $task.
        const QJsonObject data = test::runPromdeckData(
            {QStringLiteral("--dashboard"),
             test::testDataPath(
                 QStringLiteral("grafana-dashboards/celery-exporter-celery-tasks-by-task.json")),
             QStringLiteral("--prometheus"), m_url.toString(), QStringLiteral("--var"),
             QStringLiteral("task=$__all"), QStringLiteral("--var"), QStringLiteral("queue_name=$__all"),
             QStringLiteral("--from"), QString::number(m_range.fromMs / 1000), QStringLiteral("--to"),
             QString::number(m_range.toMs / 1000)});
        QUrlQuery names;
        names.addQueryItem(QStringLiteral("match[]"),
                           QStringLiteral("celery_task_received_total{name!~\"None\"}"));
        QStringList expected;
        for (const QJsonValue &n :
             test::askPrometheus(m_nam, m_url, QStringLiteral("/api/v1/label/name/values"), names)
                 .value(QStringLiteral("data"))
                 .toArray())
            expected << n.toString();
        QVERIFY(expected.size() > 1);
        QMultiHash<QString, int> copiesByValue; // value -> original ids of the copied panels
        for (const QJsonValue &p : data.value(QStringLiteral("panels")).toArray()) {
            const QJsonObject panel = p.toObject();
            if (!panel.contains(QStringLiteral("repeatOf")))
                continue;
            const QString value = panel.value(QStringLiteral("repeatValue")).toString();
            copiesByValue.insert(value, panel.value(QStringLiteral("repeatOf")).toInt());
            // Each copy asks for its own task, escaped as the regex matcher needs.
            for (const QJsonValue &q : panel.value(QStringLiteral("queries")).toArray()) {
                QString escaped = value;
                escaped.replace(QLatin1Char('.'), QStringLiteral("\\\\.")); // as Grafana escapes it
                QVERIFY2(q[QStringLiteral("expr")].toString().contains(
                             QStringLiteral("name=~\"%1\"").arg(escaped)),
                         qPrintable(q[QStringLiteral("expr")].toString()));
            }
        }
        // Rows are not in `panels` of data (they show no data): each task's copies of panels 7..12 are.
        QStringList values = copiesByValue.uniqueKeys();
        values.sort();
        expected.sort();
        QCOMPARE(values, expected);
        for (const QString &v : expected) {
            QList<int> originals = copiesByValue.values(v);
            std::sort(originals.begin(), originals.end());
            QCOMPARE(originals, (QList<int>{7, 8, 9, 10, 11, 12}));
        }
    }

    void dataReportsHowEachSeriesIsDrawn()
    {
        const QJsonObject data = test::runPromdeckData(
            {QStringLiteral("--dashboard"), test::testDataPath(QStringLiteral("drawing-dashboard.json")),
             QStringLiteral("--prometheus"), m_url.toString(), QStringLiteral("--from"),
             QString::number(m_range.fromMs / 1000), QStringLiteral("--to"),
             QString::number(m_range.toMs / 1000)});
        QHash<QString, QJsonObject> display; // "panel id/series name" -> display
        for (const QJsonValue &p : data.value(QStringLiteral("panels")).toArray())
            for (const QJsonValue &q : p[QStringLiteral("queries")].toArray())
                for (const QJsonValue &s : q[QStringLiteral("series")].toArray()) {
                    const QJsonObject d = s[QStringLiteral("display")].toObject();
                    display.insert(QStringLiteral("%1/%2")
                                       .arg(p[QStringLiteral("id")].toInt())
                                       .arg(d.value(QStringLiteral("name")).toString()),
                                   d);
                }
        QCOMPARE(display.value(QStringLiteral("1/high")).value(QStringLiteral("stack")).toString(),
                 QStringLiteral("A"));
        QCOMPARE(display.value(QStringLiteral("1/high")).value(QStringLiteral("color")).toString(),
                 QStringLiteral("#0000ff"));
        QVERIFY(display.value(QStringLiteral("1/ref1")).value(QStringLiteral("stack")).isNull());
        QCOMPARE(display.value(QStringLiteral("2/right")).value(QStringLiteral("axis")).toString(),
                 QStringLiteral("right"));
        QCOMPARE(display.value(QStringLiteral("2/ref1")).value(QStringLiteral("axis")).toString(),
                 QStringLiteral("left"));
        QCOMPARE(display.value(QStringLiteral("4/hidden")).value(QStringLiteral("hidden")).toBool(), true);
        QCOMPARE(display.value(QStringLiteral("5/hidden")).value(QStringLiteral("hidden")).toBool(), false);
        QCOMPARE(display.value(QStringLiteral("6/one")).value(QStringLiteral("draw")).toString(),
                 QStringLiteral("bars"));
        QCOMPARE(display.value(QStringLiteral("6/one")).value(QStringLiteral("unit")).toString(),
                 QStringLiteral("percentunit"));
        QCOMPARE(display.value(QStringLiteral("6/one")).value(QStringLiteral("fill")).toDouble(), 1.0);
    }
};

QTEST_MAIN(TestSeriesDrawing)
#include "tst_series_drawing.moc"
