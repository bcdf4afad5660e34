/// How a task's operands reach the worker (`--transport`).
///
/// The record codes that carry it in a worker's mailbox live in ProcessPool (`TaskRecord`).
public enum Transport: String, CaseIterable, Sendable {
    /// Operands live in the shared arena; the record carries offsets; zero copies.
    case shm
    /// The server-process way: the coordinator keeps the matrices, sends each
    /// task's operand blocks down the pipe and receives the result block back.
    case message

    /// The one-line list used in usage errors: `shm|message`.
    public static var names: String { choiceList(allCases) }
}
