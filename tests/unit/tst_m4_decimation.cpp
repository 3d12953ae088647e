// M4 decimation: bounded output, extremes kept, gaps kept, and the picture drawn from the decimated
// line equals the picture drawn from every sample when rasterised without anti-aliasing.
#include "series/M4Decimation.h"

#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QTest>
#include <cmath>

using namespace promdeck;

namespace {

struct Data
{
    std::vector<std::int64_t> t;
    std::vector<double> v;
};

Data makeData(quint32 seed, int n, bool withGapsAndNaN)
{
    QRandomGenerator rng(seed);
    Data d;
    std::int64_t t = 1'000'000;
    double level = 50;
    for (int i = 0; i < n; ++i) {
        t += 1 + rng.bounded(20);
        if (withGapsAndNaN && rng.bounded(500) == 0)
            t += 5'000; // a scrape gap
        level += rng.generateDouble() * 4 - 2;
        double v = level;
        if (rng.bounded(200) == 0)
            v += (rng.generateDouble() - 0.5) * 300; // spikes the decimation must keep
        if (withGapsAndNaN && rng.bounded(700) == 0)
            v = NAN;
        d.t.push_back(t);
        d.v.push_back(v);
    }
    return d;
}

// Draws a line the way a chart does, with x snapped to the decimation's pixel columns and no
// anti-aliasing: every segment with both its end pixels. NaN values break the line; with
// `applyGapRule`, so do gaps longer than gapMs (the decimated line marks those with NaN itself).
QImage rasterize(const std::vector<std::int64_t> &t, const std::vector<double> &v, const M4Options &o,
                 int height, double lo, double hi, bool applyGapRule)
{
    QImage image(o.columns, height, QImage::Format_RGB32);
    image.fill(Qt::black);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(Qt::white, 0));
    bool havePrevious = false;
    QPoint previous;
    for (size_t i = 0; i < t.size(); ++i) {
        if (std::isnan(v[i]) || (applyGapRule && o.gapMs > 0 && i > 0 && t[i] - t[i - 1] > o.gapMs))
            havePrevious = false;
        if (std::isnan(v[i]))
            continue;
        const QPoint point(m4Column(t[i], o),
                           static_cast<int>(std::lround((hi - v[i]) / (hi - lo) * (height - 1))));
        if (havePrevious)
            p.drawLine(previous, point);
        p.drawPoint(point);
        previous = point;
        havePrevious = true;
    }
    return image;
}

} // namespace

class TestM4 : public QObject
{
    Q_OBJECT
private slots:
    void boundedAndKeepsExtremes()
    {
        const Data d = makeData(7, 200'000, false);
        const M4Options o{d.t.front(), d.t.back(), 800, 0};
        const DecimatedLine line = decimateM4(d.t, d.v, o);
        QVERIFY(line.size() <= 4 * 800 + 8);
        QVERIFY(line.size() > 800);
        // Per column, the decimated min and max equal the full data's.
        std::vector<double> fullMin(800, INFINITY), fullMax(800, -INFINITY), decMin(800, INFINITY),
            decMax(800, -INFINITY);
        for (size_t i = 0; i < d.t.size(); ++i) {
            const int c = std::min(799, m4Column(d.t[i], o));
            fullMin[c] = std::min(fullMin[c], d.v[i]);
            fullMax[c] = std::max(fullMax[c], d.v[i]);
        }
        for (size_t i = 0; i < line.size(); ++i) {
            const int c = std::min(799, m4Column(line.timestampsMs[i], o));
            decMin[c] = std::min(decMin[c], line.values[i]);
            decMax[c] = std::max(decMax[c], line.values[i]);
        }
        QCOMPARE(decMin, fullMin);
        QCOMPARE(decMax, fullMax);
        // Time order is kept.
        QVERIFY(std::is_sorted(line.timestampsMs.begin(), line.timestampsMs.end()));
    }

    void pictureEqualsFullPicture_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("columns");
        QTest::addColumn<bool>("gaps");
        QTest::addColumn<bool>("zoomed");
        QTest::newRow("dense") << 1u << 100'000 << 400 << false << false;
        QTest::newRow("dense, gaps and NaN") << 2u << 100'000 << 640 << true << false;
        QTest::newRow("sparse") << 3u << 900 << 1600 << true << false;
        QTest::newRow("zoomed into the middle") << 4u << 50'000 << 300 << true << true;
    }
    void pictureEqualsFullPicture()
    {
        QFETCH(quint32, seed);
        QFETCH(int, samples);
        QFETCH(int, columns);
        QFETCH(bool, gaps);
        QFETCH(bool, zoomed);
        const Data d = makeData(seed, samples, gaps);
        M4Options o{d.t.front(), d.t.back(), columns, gaps ? 1000 : 0};
        if (zoomed) {
            const auto span = d.t.back() - d.t.front();
            o.fromMs = d.t.front() + span / 3;
            o.toMs = d.t.front() + span / 2;
        }
        double lo = INFINITY, hi = -INFINITY;
        for (double v : d.v) {
            if (!std::isnan(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        const DecimatedLine line = decimateM4(d.t, d.v, o);
        // The full picture only from the samples the decimation looks at: those in range and one each side.
        const auto first =
            std::max<std::ptrdiff_t>(0, std::lower_bound(d.t.begin(), d.t.end(), o.fromMs) - d.t.begin() - 1);
        const auto last =
            std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(d.t.size()),
                                     std::upper_bound(d.t.begin(), d.t.end(), o.toMs) - d.t.begin() + 1);
        const std::vector<std::int64_t> t(d.t.begin() + first, d.t.begin() + last);
        const std::vector<double> v(d.v.begin() + first, d.v.begin() + last);
        const QImage full = rasterize(t, v, o, 300, lo, hi, true);
        const QImage decimated = rasterize(line.timestampsMs, line.values, o, 300, lo, hi, false);
        int differing = 0;
        for (int y = 0; y < full.height(); ++y)
            for (int x = 0; x < full.width(); ++x)
                differing += full.pixel(x, y) != decimated.pixel(x, y);
        QCOMPARE(differing, 0);
        QVERIFY(line.size() < t.size() || t.size() < size_t(4 * columns));
    }

    void decimationIsNotTheIdentity()
    {
        // Guards the test above: dropping the extremes must change the picture.
        const Data d = makeData(9, 20'000, false);
        const M4Options o{d.t.front(), d.t.back(), 200, 0};
        DecimatedLine line = decimateM4(d.t, d.v, o);
        const auto worst = std::max_element(line.values.begin(), line.values.end());
        *worst = line.values[static_cast<size_t>(worst - line.values.begin()) - 1];
        const double lo = *std::min_element(d.v.begin(), d.v.end());
        const double hi = *std::max_element(d.v.begin(), d.v.end());
        QVERIFY(rasterize(d.t, d.v, o, 300, lo, hi, true) !=
                rasterize(line.timestampsMs, line.values, o, 300, lo, hi, false));
    }

    void edgeCases()
    {
        const std::vector<std::int64_t> t{10, 20, 30};
        const std::vector<double> v{1, 2, 3};
        QCOMPARE(decimateM4(t, v, {0, 100, 0, 0}).size(), size_t(0));
        QCOMPARE(decimateM4({}, {}, {0, 100, 10, 0}).size(), size_t(0));
        QCOMPARE(decimateM4(t, v, {100, 0, 10, 0}).size(), size_t(0));
        // Outside the range: only the neighbour closest to it is kept.
        const DecimatedLine before = decimateM4(t, v, {40, 50, 10, 0});
        QCOMPARE(before.timestampsMs, std::vector<std::int64_t>{30});
        // A gap becomes a NaN break.
        const std::vector<std::int64_t> gapT{0, 10, 1000, 1010};
        const std::vector<double> gapV{1, 2, 3, 4};
        const DecimatedLine gapped = decimateM4(gapT, gapV, {0, 1010, 1000, 100});
        QCOMPARE(gapped.size(), size_t(5));
        QVERIFY(std::isnan(gapped.values[2]));
    }
};

QTEST_MAIN(TestM4)
#include "tst_m4_decimation.moc"
