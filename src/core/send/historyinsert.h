#pragma once

#include "core/send/outgoingrequest.h"
#include "core/send/sendresult.h"
#include "core/storage/sqlitebatch.h"

#include <QList>
#include <QString>
#include <QUrl>

// The history's write path: twenty columns per row bound through a SqliteBatch.
class HistoryInsert final
{
    Q_DISABLE_COPY_MOVE(HistoryInsert)

public:
    struct Row {
        OutgoingRequest request;
        SendResult result;
        int attempt = 1;
    };

    explicit HistoryInsert(sqlite3 *handle);
    ~HistoryInsert();

    bool isValid() const { return m_batch.isValid(); }
    QString errorString() const { return m_batch.errorString(); }

    // Writes the rows in one transaction; *ids gets the new rows' ids. A row that cannot be
    // written is skipped (and logged); false, with *error, only when the commit fails.
    bool insert(const QList<Row> &rows, QList<qint64> *ids, QString *error);

private:
    // A value and its encoding, kept from one row to the next: a repeated send has the same
    // URL and request headers in every row, and encoding them is most of binding a row.
    template <typename Value> struct Encoded {
        Value value;
        QByteArray bytes;
        bool valid = false;
    };

    void bindRow(const Row &row);
    const QByteArray &headersJson(Encoded<HeaderList> &cache, const HeaderList &headers);
    const QByteArray &urlText(const QUrl &url);

    SqliteBatch m_batch;
    // The options of the previous row and their JSON: a repeated send has the same ones.
    SendOptions m_lastOptions;
    QByteArray m_lastOptionsJson;
    Encoded<HeaderList> m_requestHeaders;
    Encoded<HeaderList> m_sentHeaders;
    Encoded<QUrl> m_url;
};
