/// Counts with their nouns in the right number, for every front end.
public enum Plural {
    /// "1 person", "3 people"; `many` defaults to `one` + "s".
    public static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : many ?? one + "s")
    }
}
