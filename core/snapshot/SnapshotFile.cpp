#include "snapshot/SnapshotFile.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSaveFile>
#include <QtEndian>
#include <array>
#include <cstring>

namespace promdeck {

namespace {

constexpr char Magic[8] = {'P', 'D', 'S', 'N', 'A', 'P', '\r', '\n'};
constexpr qsizetype HeaderSize = 28;
constexpr quint32 FlagZlib = 1;
// The largest body this reader inflates: far above any real dashboard, far below what would hurt.
constexpr qint64 MaxBodyBytes = qint64(2) << 30;

quint32 crc32(QByteArrayView data)
{
    static const auto table = [] {
        std::array<quint32, 256> t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    quint32 c = 0xFFFFFFFFu;
    for (const char byte : data)
        c = table[(c ^ static_cast<quint8>(byte)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

class Writer
{
public:
    QByteArray bytes;

    void u8(quint8 v) { bytes.append(static_cast<char>(v)); }
    void varint(quint64 v)
    {
        while (v >= 0x80) {
            bytes.append(static_cast<char>((v & 0x7F) | 0x80));
            v >>= 7;
        }
        bytes.append(static_cast<char>(v));
    }
    void svarint(qint64 v) { varint((static_cast<quint64>(v) << 1) ^ static_cast<quint64>(v >> 63)); }
    void blob(QByteArrayView b)
    {
        varint(static_cast<quint64>(b.size()));
        bytes.append(b.data(), b.size());
    }
    void string(const QString &s) { blob(s.toUtf8()); }
    void strings(const QStringList &list)
    {
        varint(static_cast<quint64>(list.size()));
        for (const QString &s : list)
            string(s);
    }
};

class Reader
{
public:
    explicit Reader(QByteArrayView bytes) : m_bytes(bytes) {}

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qsizetype remaining() const { return m_bytes.size() - m_pos; }
    bool atEnd() const { return m_pos == m_bytes.size(); }

    void fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1 (at byte %2 of the data)").arg(why).arg(m_pos);
        m_pos = m_bytes.size();
    }
    quint8 u8()
    {
        if (remaining() < 1) {
            fail(QStringLiteral("the data ends early"));
            return 0;
        }
        return static_cast<quint8>(m_bytes[m_pos++]);
    }
    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const quint8 b = u8();
            if (failed())
                return 0;
            v |= static_cast<quint64>(b & 0x7F) << shift;
            if (!(b & 0x80))
                return v;
        }
        fail(QStringLiteral("a number is longer than 64 bits"));
        return 0;
    }
    qint64 svarint()
    {
        const quint64 z = varint();
        return static_cast<qint64>((z >> 1) ^ (~(z & 1) + 1));
    }
    // A count of items that each take at least `minBytes` bytes: never more than the data can hold.
    qsizetype count(qsizetype minBytes, const char *what)
    {
        const quint64 n = varint();
        if (!failed() && n > static_cast<quint64>(remaining() / std::max<qsizetype>(1, minBytes))) {
            fail(
                QStringLiteral("%1 count %2 is more than the data can hold").arg(QLatin1String(what)).arg(n));
            return 0;
        }
        return static_cast<qsizetype>(n);
    }
    QByteArrayView blob()
    {
        const qsizetype n = count(1, "byte");
        if (failed())
            return {};
        const QByteArrayView b = m_bytes.sliced(m_pos, n);
        m_pos += n;
        return b;
    }
    QString string() { return QString::fromUtf8(blob()); }
    QStringList strings()
    {
        QStringList out;
        const qsizetype n = count(1, "string");
        for (qsizetype i = 0; i < n && !failed(); ++i)
            out << string();
        return out;
    }
    QByteArrayView take(qsizetype n)
    {
        if (n < 0 || n > remaining()) {
            fail(QStringLiteral("the data ends early"));
            return {};
        }
        const QByteArrayView b = m_bytes.sliced(m_pos, n);
        m_pos += n;
        return b;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_pos = 0;
    QString m_error;
};

// Timestamps: first value, first delta, then deltas of deltas (zero for a regular step).
void writeTimestamps(Writer &w, const std::vector<std::int64_t> &t)
{
    std::int64_t previous = 0, previousDelta = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        const std::int64_t delta = t[i] - previous;
        w.svarint(i == 0 ? t[i] : (i == 1 ? delta : delta - previousDelta));
        previousDelta = delta;
        previous = t[i];
    }
}

bool readTimestamps(Reader &r, std::vector<std::int64_t> &t, qsizetype n)
{
    t.resize(static_cast<size_t>(n));
    std::int64_t previous = 0, delta = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const std::int64_t v = r.svarint();
        if (i == 0) {
            previous = v;
        } else {
            // Damaged deltas must not overflow: found by the fuzzer.
            bool overflow = false;
            if (i == 1)
                delta = v;
            else
                overflow = __builtin_add_overflow(delta, v, &delta);
            overflow = overflow || __builtin_add_overflow(previous, delta, &previous);
            if (overflow) {
                r.fail(QStringLiteral("a timestamp is out of range"));
                return false;
            }
        }
        t[static_cast<size_t>(i)] = previous;
    }
    return !r.failed();
}

// Values, in one of two encodings, whichever is smaller once compressed:
// - planes: each value XORed with the one before, then split into byte planes, most significant
//   first. Neighbouring values share sign, exponent and top mantissa bits, so the high planes are
//   mostly zeros, which the compressor all but removes.
// - dictionary: the distinct values (as planes), then each sample's index into them. Query results
//   such as rate() over integer counters repeat a few hundred values with noisy mantissas: the
//   dictionary stores each mantissa once.
enum class ValueEncoding : quint8
{
    Planes = 0,
    Dictionary = 1
};

void writePlanes(Writer &w, const std::vector<double> &v)
{
    const size_t n = v.size();
    const qsizetype base = w.bytes.size();
    w.bytes.resize(base + static_cast<qsizetype>(8 * n));
    char *out = w.bytes.data() + base;
    quint64 previous = 0;
    for (size_t i = 0; i < n; ++i) {
        quint64 bits = 0;
        std::memcpy(&bits, &v[i], 8);
        const quint64 x = bits ^ previous;
        previous = bits;
        for (int plane = 0; plane < 8; ++plane)
            out[static_cast<size_t>(plane) * n + i] = static_cast<char>(x >> (8 * (7 - plane)));
    }
}

bool readPlanes(Reader &r, std::vector<double> &v, qsizetype n)
{
    const QByteArrayView planes = r.take(8 * n);
    if (r.failed())
        return false;
    v.resize(static_cast<size_t>(n));
    quint64 previous = 0;
    for (qsizetype i = 0; i < n; ++i) {
        quint64 x = 0;
        for (int plane = 0; plane < 8; ++plane)
            x |= static_cast<quint64>(static_cast<quint8>(planes[plane * n + i])) << (8 * (7 - plane));
        previous ^= x;
        std::memcpy(&v[static_cast<size_t>(i)], &previous, 8);
    }
    return true;
}

void writeValues(Writer &w, const std::vector<double> &v)
{
    Writer planes;
    writePlanes(planes, v);

    // Distinct values by bit pattern (so NaN payloads and -0 survive), in order of first use.
    QHash<quint64, quint64> indexOf;
    std::vector<double> distinct;
    Writer dictionary;
    std::vector<quint64> indices;
    indices.reserve(v.size());
    for (double x : v) {
        quint64 bits = 0;
        std::memcpy(&bits, &x, 8);
        auto it = indexOf.constFind(bits);
        if (it == indexOf.cend()) {
            it = indexOf.insert(bits, distinct.size());
            distinct.push_back(x);
        }
        indices.push_back(it.value());
    }
    if (distinct.size() * 2 <= v.size()) {
        dictionary.varint(distinct.size());
        writePlanes(dictionary, distinct);
        for (quint64 index : indices)
            dictionary.varint(index);
        if (qCompress(dictionary.bytes, 6).size() < qCompress(planes.bytes, 6).size()) {
            w.u8(static_cast<quint8>(ValueEncoding::Dictionary));
            w.bytes += dictionary.bytes;
            return;
        }
    }
    w.u8(static_cast<quint8>(ValueEncoding::Planes));
    w.bytes += planes.bytes;
}

bool readValues(Reader &r, std::vector<double> &v, qsizetype n)
{
    const quint8 encoding = r.u8();
    if (encoding == static_cast<quint8>(ValueEncoding::Planes))
        return readPlanes(r, v, n);
    if (encoding != static_cast<quint8>(ValueEncoding::Dictionary)) {
        r.fail(QStringLiteral("unknown value encoding %1").arg(encoding));
        return false;
    }
    std::vector<double> distinct;
    const qsizetype distinctCount = r.count(8, "distinct value");
    if (distinctCount > n) {
        r.fail(QStringLiteral("more distinct values than samples"));
        return false;
    }
    if (!readPlanes(r, distinct, distinctCount))
        return false;
    v.resize(static_cast<size_t>(n));
    for (qsizetype i = 0; i < n; ++i) {
        const quint64 index = r.varint();
        if (r.failed() || index >= static_cast<quint64>(distinctCount)) {
            r.fail(QStringLiteral("a value index points outside the dictionary"));
            return false;
        }
        v[static_cast<size_t>(i)] = distinct[static_cast<size_t>(index)];
    }
    return true;
}

QByteArray encodeBody(const Snapshot &s)
{
    Writer w;
    QJsonObject meta;
    meta.insert(QStringLiteral("dashboard_name"), s.dashboardName);
    meta.insert(QStringLiteral("from_ms"), QString::number(s.range.fromMs));
    meta.insert(QStringLiteral("to_ms"), QString::number(s.range.toMs));
    meta.insert(QStringLiteral("created_ms"), QString::number(s.createdMs));
    meta.insert(QStringLiteral("promdeck_version"), s.promdeckVersion);
    meta.insert(QStringLiteral("source"), s.source);
    meta.insert(QStringLiteral("build_info"), s.buildInfo);
    QJsonObject vars;
    for (auto it = s.variables.begin(); it != s.variables.end(); ++it)
        vars.insert(it.key(), it.value());
    meta.insert(QStringLiteral("variables"), vars);
    w.blob(QJsonDocument(meta).toJson(QJsonDocument::Compact));
    w.blob(s.dashboardJson);
    w.varint(s.queries.size());
    for (const RecordedQuery &q : s.queries) {
        w.u8(q.instant ? 1 : 0);
        w.string(q.expr());
        w.string(q.instant ? q.instantQuery.templateExpr : q.range.templateExpr);
        w.svarint(q.instant ? q.instantQuery.timeMs : q.range.startMs);
        w.svarint(q.instant ? q.instantQuery.timeMs : q.range.endMs);
        w.svarint(q.instant ? 0 : q.range.stepMs);
        if (!q.outcome.ok()) {
            w.u8(1);
            w.u8(static_cast<quint8>(q.outcome.error.kind));
            w.varint(static_cast<quint64>(std::max(0, q.outcome.error.httpStatus)));
            w.string(q.outcome.error.errorType);
            w.string(q.outcome.error.detail);
            w.string(q.outcome.error.url);
            continue;
        }
        const QueryResult &result = *q.outcome.result;
        w.u8(0);
        w.u8(static_cast<quint8>(result.type));
        w.string(result.stringValue);
        w.strings(result.warnings);
        w.strings(result.infos);
        w.varint(result.series.size());
        for (const Series &series : result.series) {
            w.varint(static_cast<quint64>(series.labels.size()));
            for (const Label &l : series.labels.labels()) {
                w.string(l.name);
                w.string(l.value);
            }
            w.varint(static_cast<quint64>(series.size()));
        }
        for (const Series &series : result.series)
            writeTimestamps(w, series.timestampsMs);
        for (const Series &series : result.series)
            writeValues(w, series.values);
    }
    return w.bytes;
}

std::optional<Snapshot> decodeBody(QByteArrayView body, QString &error)
{
    Reader r(body);
    Snapshot s;
    QJsonParseError jsonError;
    const QJsonDocument metaDoc = QJsonDocument::fromJson(r.blob().toByteArray(), &jsonError);
    if (r.failed() || !metaDoc.isObject()) {
        error = r.failed() ? r.error() : QStringLiteral("its description is not valid JSON");
        return std::nullopt;
    }
    const QJsonObject meta = metaDoc.object();
    s.dashboardName = meta.value(QLatin1String("dashboard_name")).toString();
    s.range = {meta.value(QLatin1String("from_ms")).toString().toLongLong(),
               meta.value(QLatin1String("to_ms")).toString().toLongLong()};
    s.createdMs = meta.value(QLatin1String("created_ms")).toString().toLongLong();
    s.promdeckVersion = meta.value(QLatin1String("promdeck_version")).toString();
    s.source = meta.value(QLatin1String("source")).toString();
    s.buildInfo = meta.value(QLatin1String("build_info")).toObject();
    const QJsonObject vars = meta.value(QLatin1String("variables")).toObject();
    for (auto it = vars.begin(); it != vars.end(); ++it)
        s.variables.insert(it.key(), it.value().toString());
    s.dashboardJson = r.blob().toByteArray();

    const qsizetype queryCount = r.count(6, "query");
    for (qsizetype qi = 0; qi < queryCount && !r.failed(); ++qi) {
        RecordedQuery q;
        q.instant = r.u8() == 1;
        const QString expr = r.string();
        const QString templateExpr = r.string();
        const qint64 start = r.svarint();
        const qint64 end = r.svarint();
        const qint64 step = r.svarint();
        if (q.instant)
            q.instantQuery = {expr, start, templateExpr};
        else
            q.range = {expr, start, end, step, templateExpr};
        const quint8 status = r.u8();
        if (status == 1) {
            Error e;
            const quint8 kind = r.u8();
            if (kind > static_cast<quint8>(Error::Kind::Aborted))
                r.fail(QStringLiteral("unknown error kind %1").arg(kind));
            e.kind = static_cast<Error::Kind>(kind);
            e.httpStatus = static_cast<int>(std::min<quint64>(r.varint(), 999));
            e.errorType = r.string();
            e.detail = r.string();
            e.url = r.string();
            q.outcome = QueryOutcome::failure(e);
            s.queries.push_back(std::move(q));
            continue;
        }
        if (status != 0) {
            r.fail(QStringLiteral("unknown query status %1").arg(status));
            break;
        }
        QueryResult result;
        const quint8 type = r.u8();
        if (type > static_cast<quint8>(ResultType::String))
            r.fail(QStringLiteral("unknown result type %1").arg(type));
        result.type = static_cast<ResultType>(type);
        result.stringValue = r.string();
        result.warnings = r.strings();
        result.infos = r.strings();
        const qsizetype seriesCount = r.count(2, "series");
        std::vector<qsizetype> sizes;
        for (qsizetype si = 0; si < seriesCount && !r.failed(); ++si) {
            std::vector<Label> labels;
            const qsizetype labelCount = r.count(2, "label");
            for (qsizetype li = 0; li < labelCount && !r.failed(); ++li) {
                const QByteArrayView name = r.blob();
                const QByteArrayView value = r.blob();
                labels.push_back({internLabelString({name.data(), static_cast<size_t>(name.size())}),
                                  internLabelString({value.data(), static_cast<size_t>(value.size())})});
            }
            Series series;
            series.labels = LabelSet::fromLabels(std::move(labels));
            sizes.push_back(r.count(2, "sample")); // at least a timestamp byte and an index byte each
            result.series.push_back(std::move(series));
        }
        for (size_t si = 0; si < result.series.size() && !r.failed(); ++si)
            readTimestamps(r, result.series[si].timestampsMs, sizes[si]);
        for (size_t si = 0; si < result.series.size() && !r.failed(); ++si)
            readValues(r, result.series[si].values, sizes[si]);
        q.outcome = QueryOutcome::success(std::move(result));
        s.queries.push_back(std::move(q));
    }
    if (!r.failed() && !r.atEnd())
        r.fail(QStringLiteral("unexpected bytes after the last query"));
    if (r.failed()) {
        error = r.error();
        return std::nullopt;
    }
    return s;
}

} // namespace

QByteArray frameSnapshotBody(QByteArrayView storedBody, bool compressed)
{
    QByteArray out(HeaderSize, '\0');
    std::memcpy(out.data(), Magic, 8);
    qToLittleEndian<quint16>(SnapshotFormatMajor, out.data() + 8);
    qToLittleEndian<quint16>(SnapshotFormatMinor, out.data() + 10);
    qToLittleEndian<quint32>(compressed ? FlagZlib : 0, out.data() + 12);
    qToLittleEndian<quint64>(static_cast<quint64>(storedBody.size()), out.data() + 16);
    qToLittleEndian<quint32>(crc32(storedBody), out.data() + 24);
    out.append(storedBody.data(), storedBody.size());
    return out;
}

QByteArray encodeSnapshot(const Snapshot &snapshot)
{
    return frameSnapshotBody(qCompress(encodeBody(snapshot), 9), true);
}

Result<Snapshot> decodeSnapshot(QByteArrayView bytes)
{
    auto refuse = [](const QString &why) {
        return Result<Snapshot>(Error::plain(Error::Kind::Invalid, why));
    };
    if (bytes.isEmpty())
        return refuse(QStringLiteral("the file is empty"));
    if (bytes.size() < 8 || std::memcmp(bytes.data(), Magic, 8) != 0)
        return refuse(
            QStringLiteral("not a Promdeck snapshot (it does not start with the snapshot signature)"));
    if (bytes.size() < HeaderSize)
        return refuse(QStringLiteral("the file is truncated: %1 bytes, shorter than the %2-byte header")
                          .arg(bytes.size())
                          .arg(HeaderSize));
    const quint16 major = qFromLittleEndian<quint16>(bytes.data() + 8);
    const quint16 minor = qFromLittleEndian<quint16>(bytes.data() + 10);
    if (major > SnapshotFormatMajor)
        return refuse(
            QStringLiteral(
                "the snapshot format %1.%2 is newer than this Promdeck reads (%3.x): update Promdeck")
                .arg(major)
                .arg(minor)
                .arg(SnapshotFormatMajor));
    if (major == 0)
        return refuse(QStringLiteral("unknown snapshot format version 0.%1").arg(minor));
    const quint32 flags = qFromLittleEndian<quint32>(bytes.data() + 12);
    const quint64 bodySize = qFromLittleEndian<quint64>(bytes.data() + 16);
    const quint32 expectedCrc = qFromLittleEndian<quint32>(bytes.data() + 24);
    const auto available = static_cast<quint64>(bytes.size() - HeaderSize);
    if (bodySize > available)
        return refuse(QStringLiteral("the file is truncated: it has %1 of its %2 bytes")
                          .arg(bytes.size())
                          .arg(bodySize + HeaderSize));
    if (bodySize < available)
        return refuse(
            QStringLiteral("the file has %1 unexpected bytes after its end").arg(available - bodySize));
    const QByteArrayView stored = bytes.sliced(HeaderSize);
    if (crc32(stored) != expectedCrc)
        return refuse(QStringLiteral("the file is corrupted: its checksum does not match its contents"));
    if (flags & ~FlagZlib)
        return refuse(QStringLiteral("the file uses features this Promdeck does not know (flags 0x%1)")
                          .arg(flags, 0, 16));
    QByteArray body;
    if (flags & FlagZlib) {
        if (stored.size() < 4)
            return refuse(QStringLiteral("the compressed data is cut short"));
        const quint32 inflated = qFromBigEndian<quint32>(stored.data());
        if (inflated > MaxBodyBytes)
            return refuse(QStringLiteral("the file claims %1 bytes of data, more than a snapshot may hold")
                              .arg(inflated));
        body = qUncompress(reinterpret_cast<const uchar *>(stored.data()), stored.size());
        if (body.size() != static_cast<qsizetype>(inflated))
            return refuse(QStringLiteral("the compressed data cannot be read"));
    } else {
        body = stored.toByteArray();
    }
    QString why;
    std::optional<Snapshot> snapshot = decodeBody(body, why);
    if (!snapshot)
        return refuse(QStringLiteral("the file's contents are damaged: ") + why);
    return std::move(*snapshot);
}

Result<> writeSnapshotFile(const QString &path, const Snapshot &snapshot)
{
    QSaveFile file(path);
    const QByteArray bytes = encodeSnapshot(snapshot);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error::at({path}, QStringLiteral("cannot write: %1").arg(file.errorString()), Error::Kind::Io);
    return {};
}

Result<Snapshot> readSnapshotFile(const QString &path)
{
    if (QFileInfo(path).isDir())
        return Error::at({path}, QStringLiteral("is a directory, not a snapshot"), Error::Kind::Io);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::at({path}, QStringLiteral("cannot open: %1").arg(file.errorString()), Error::Kind::Io);
    Result<Snapshot> read = decodeSnapshot(file.readAll());
    if (!read)
        return Error::at({path}, read.error().detail);
    return read;
}

} // namespace promdeck
