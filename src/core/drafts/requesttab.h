#pragma once

#include "core/send/outgoingrequest.h"
#include "core/send/requestdraft.h"
#include "core/send/sendresult.h"

#include <QList>
#include <QString>

#include <optional>

// Which saved request a tab came from: a collection file and the request's id there (both
// survive the tree being reordered). Null for a new request, a history entry, a sample or a
// capture: saving such a tab asks where to put it.
struct TabOrigin {
    QString collectionFile;
    QString requestId;

    bool isNull() const { return requestId.isEmpty(); }
    friend bool operator==(const TabOrigin &, const TabOrigin &) = default;
};

// One open request in the Send area, without any widget: what is being edited, what it was
// when opened or last saved (so "dirty" is a comparison, not a flag that can drift), where it
// came from, and what its last send got. The GUI's tabs, the drafts file and anything else
// that holds open requests (the CLI could) share it.
struct RequestTab {
    // What the last send got, kept while the application runs (the response pane shows it
    // again when the tab comes back); only its summary goes to the drafts file.
    struct Exchange {
        OutgoingRequest request;
        SendResult result;
    };

    QString id; // stable for the tab's life and across restarts
    QString title;
    RequestDraft draft;
    RequestDraft baseline; // as opened or last saved
    TabOrigin origin;
    QString lastResponse; // in words: "201 Created · 12 ms", "Not sent: …"; empty: never sent
    std::optional<Exchange> exchange;

    bool isDirty() const;

    // A new tab (fresh id) holding `draft`, clean.
    static RequestTab open(const RequestDraft &draft, const QString &title, const TabOrigin &origin = {});
    // "POST /orders": what a tab without a better name is called, and Save As's suggestion.
    static QString titleFor(const RequestDraft &draft);
    // The summary of a send's outcome, as lastResponse keeps it.
    static QString summarize(const SendResult &result);
};

// The tabs in their order and which one is in front (-1 only when there are none).
struct RequestTabSet {
    QList<RequestTab> tabs;
    int current = -1;

    bool hasDirty() const;
    int indexOf(const QString &tabId) const;
    int indexOf(const TabOrigin &origin) const; // -1 for a null origin
};
