#include "http/ContentEncoding.h"

#include <QByteArrayList>
#include <QScopeGuard>
#include <zlib.h>

namespace promdeck {

namespace {

QString megabytes(qint64 bytes)
{
    return QString::number(bytes >> 20);
}

} // namespace

Result<QByteArray> decodeContent(QByteArray body, const QByteArray &encoding, qint64 limitBytes)
{
    const QByteArray name = encoding.trimmed().toLower();
    if (name.isEmpty() || name == "identity") {
        if (limitBytes > 0 && body.size() > limitBytes)
            return Error::plain(
                Error::Kind::MalformedResponse,
                QStringLiteral("the answer is larger than the %1 MB limit").arg(megabytes(limitBytes)));
        return body;
    }
    if (name != "gzip" && name != "x-gzip" && name != "deflate")
        return Error::plain(Error::Kind::MalformedResponse,
                            QStringLiteral("the answer is compressed as \"%1\", which Promdeck does not read "
                                           "(it asks for gzip or deflate)")
                                .arg(QString::fromLatin1(encoding)));
    z_stream stream{};
    // 15 + 32: a zlib or gzip header, whichever it is; "deflate" is sometimes sent raw, tried after.
    if (inflateInit2(&stream, 15 + 32) != Z_OK)
        return Error::plain(Error::Kind::MalformedResponse,
                            QStringLiteral("cannot start inflating the answer"));
    const auto finish = qScopeGuard([&stream] { inflateEnd(&stream); });
    stream.next_in = reinterpret_cast<Bytef *>(body.data());
    stream.avail_in = static_cast<uInt>(body.size());
    QByteArrayList pieces;
    qint64 size = 0;
    int status = Z_OK;
    bool triedRaw = false;
    while (status != Z_STREAM_END) {
        QByteArray piece(256 * 1024, Qt::Uninitialized);
        stream.next_out = reinterpret_cast<Bytef *>(piece.data());
        stream.avail_out = static_cast<uInt>(piece.size());
        status = inflate(&stream, Z_NO_FLUSH);
        if (status == Z_DATA_ERROR && name == "deflate" && !triedRaw && size == 0 && stream.total_out == 0) {
            triedRaw = true;
            inflateEnd(&stream);
            stream = z_stream{};
            if (inflateInit2(&stream, -15) != Z_OK)
                return Error::plain(Error::Kind::MalformedResponse,
                                    QStringLiteral("cannot start inflating the answer"));
            stream.next_in = reinterpret_cast<Bytef *>(body.data());
            stream.avail_in = static_cast<uInt>(body.size());
            status = Z_OK;
            continue;
        }
        if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
            return Error::plain(Error::Kind::MalformedResponse,
                                QStringLiteral("the compressed answer is damaged (%1): %2")
                                    .arg(QString::fromLatin1(name),
                                         QString::fromLatin1(stream.msg ? stream.msg : "zlib error")));
        const qint64 produced = piece.size() - static_cast<qint64>(stream.avail_out);
        size += produced;
        if (limitBytes > 0 && size > limitBytes)
            return Error::plain(
                Error::Kind::MalformedResponse,
                QStringLiteral("the answer inflates past the %1 MB limit").arg(megabytes(limitBytes)));
        piece.truncate(produced);
        if (!piece.isEmpty())
            pieces.append(std::move(piece));
        if (status == Z_BUF_ERROR || (status == Z_OK && produced == 0 && stream.avail_in == 0))
            break; // the input ran out before the end of the stream: a cut answer, read as far as it goes
    }
    body = QByteArray(); // the compressed bytes go before the inflated ones are joined
    QByteArray whole;
    whole.reserve(size);
    for (QByteArray &piece : pieces) {
        whole += piece;
        piece = QByteArray();
    }
    return whole;
}

} // namespace promdeck
