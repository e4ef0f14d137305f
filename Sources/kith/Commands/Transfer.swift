import ArgumentParser
import Foundation
import KithCore

/// `kith export`: the whole store as one JSON document.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the whole store as one JSON document.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let data = try storeOptions.open().exportDocument().encoded()
        guard let output else { return FileHandle.standardOutput.write(data) }
        try PrivateFile.write(data, to: output)
        FileHandle.standardError.write(Data("Exported to \(output).\n".utf8))
    }
}

/// `kith import FILE`: read an export back into an empty store.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read a Kith export (JSON) into an empty store; all or nothing.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "A file written by 'kith export'.") var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw KithError(.notFound, "Could not read \(file): no such file, or not readable.")
        }
        let doc = try StoreExport.decode(data, file: file)
        try storeOptions.open().importDocument(doc)
        print("Imported \(doc.people.count) people, \(doc.interactions.count) interactions and \(doc.journal.count) journal entries.")
    }
}

/// `kith backup PATH`: a consistent copy, safe while others write.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Copy the store to a new file, safely, even while Kith is writing to it.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The new file.") var destination: String

    func run() throws {
        try storeOptions.open().backup(to: destination)
        print("Backed up to \(destination).")
    }
}

/// Writes files that hold personal data with mode 0600.
enum PrivateFile {
    static func write(_ data: Data, to path: String) throws {
        let created = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard created, let handle = FileHandle(forWritingAtPath: path) else {
            throw KithError(.storage, "Could not write \(path): check that the folder exists and is writable.")
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: data)
    }
}
