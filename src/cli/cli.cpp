#include "cli/cli.h"

#include "cli/clicommand.h"
#include "cli/cliio.h"
#include "core/app/appinfo.h"

#include <QSet>

#include <vector>

namespace {

const std::vector<CliCommand> &commands()
{
    static const std::vector<CliCommand> all = {listenCommand(), sendCommand(), signCommand(),  exportCommand(),
                                                importCommand(), runCommand(),  replayCommand()};
    return all;
}

const CliCommand *findCommand(const QString &name)
{
    for (const CliCommand &command : commands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

// Options QGuiApplication consumes itself (see QGuiApplication's documentation);
// they must still open the window rather than be called unknown.
bool isQtGuiOption(const QString &argument, bool *takesValue)
{
    static const QSet<QString> withValue = {QStringLiteral("-platform"),
                                            QStringLiteral("-platformpluginpath"),
                                            QStringLiteral("-platformtheme"),
                                            QStringLiteral("-plugin"),
                                            QStringLiteral("-qwindowgeometry"),
                                            QStringLiteral("-qwindowicon"),
                                            QStringLiteral("-qwindowtitle"),
                                            QStringLiteral("-display"),
                                            QStringLiteral("-geometry"),
                                            QStringLiteral("-style"),
                                            QStringLiteral("-stylesheet"),
                                            QStringLiteral("-session"),
                                            QStringLiteral("-name"),
                                            QStringLiteral("-title")};
    static const QSet<QString> flags = {QStringLiteral("-reverse"), QStringLiteral("-widgetcount"),
                                        QStringLiteral("-nograb"), QStringLiteral("-dograb"), QStringLiteral("-sync")};
    const QString name = argument.section(QLatin1Char('='), 0, 0);
    *takesValue = withValue.contains(name) && !argument.contains(QLatin1Char('='));
    return withValue.contains(name) || flags.contains(argument);
}

QString globalHelp()
{
    QString text = QStringLiteral("Hookbench %1 - a workbench for webhooks.\n\n"
                                  "Usage:\n"
                                  "  hookbench                 open the window\n"
                                  "  hookbench <command> ...   run a command headless (no display needed)\n\n"
                                  "Commands:\n")
                       .arg(AppInfo::version());
    for (const CliCommand &command : commands())
        text += QStringLiteral("  %1%2\n").arg(command.name.leftJustified(9), command.description);
    text += QStringLiteral("\nOptions:\n"
                           "  -h, --help     show this help; 'hookbench <command> --help' for one command\n"
                           "  -v, --version  show the version\n");
    return text;
}

int runCommand(const CliCommand &command, const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    command.declareOptions(parser);

    QStringList toParse{QStringLiteral("hookbench")};
    toParse += arguments.mid(2);
    if (!parser.parse(toParse))
        return CliIo::usageError(command.name, parser.errorText());
    if (parser.isSet(help)) {
        // helpText() starts with a generic usage line; ours names the command.
        QString body = parser.helpText();
        body = body.mid(body.indexOf(QLatin1Char('\n')) + 1);
        CliIo::out(QStringLiteral("Usage: hookbench %1\n\n%2\n%3")
                       .arg(command.synopsis, command.description, body)
                       .trimmed()
                       .toUtf8());
        return ExitOk;
    }
    return command.run(parser);
}

} // namespace

bool Cli::isHeadless(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        bool takesValue = false;
        if (!isQtGuiOption(arguments.at(i), &takesValue))
            return true;
        if (takesValue)
            ++i;
    }
    return false;
}

int Cli::run(const QStringList &arguments)
{
    const QString first = arguments.value(1);
    if (first == QLatin1String("-h") || first == QLatin1String("--help") || first == QLatin1String("help")) {
        CliIo::out(globalHelp().trimmed().toUtf8());
        return ExitOk;
    }
    if (first == QLatin1String("-v") || first == QLatin1String("--version")) {
        CliIo::out(QStringLiteral("hookbench %1 (Qt %2)").arg(AppInfo::version(), QLatin1String(qVersion())).toUtf8());
        return ExitOk;
    }
    if (first.startsWith(QLatin1Char('-'))) {
        CliIo::err(QStringLiteral("hookbench: unknown option '%1'. Try 'hookbench --help'.").arg(first));
        return ExitUsage;
    }
    const CliCommand *command = findCommand(first);
    if (!command) {
        CliIo::err(QStringLiteral("hookbench: unknown command '%1'. Try 'hookbench --help'.").arg(first));
        return ExitUsage;
    }
    return runCommand(*command, arguments);
}
