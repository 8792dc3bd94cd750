// Prints, for every line of a log file, what Athena's RegexSerDe captures with
// the table's input.regex: java.util.regex with Pattern.DOTALL and
// Matcher.matches(), as Trino's RegexDeserializer runs it. One line of output
// per input line: "NOMATCH", or the groups separated by tabs with NULL for a
// group that did not participate. Rows end at \n, \r or \r\n, as Athena's
// line readers end them. Usage: java RegexSerDeGroups.java REGEX_FILE LOG_FILE
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RegexSerDeGroups {
    public static void main(String[] args) throws Exception {
        String regex = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        String text = new String(Files.readAllBytes(Paths.get(args[1])), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n")) {
            Matcher m = p.matcher(line);
            if (!m.matches()) {
                out.append("NOMATCH\n");
                continue;
            }
            for (int i = 1; i <= m.groupCount(); i++) {
                if (i > 1)
                    out.append('\t');
                String g = m.group(i);
                out.append(g == null ? "NULL" : g);
            }
            out.append('\n');
        }
        System.out.print(out);
    }
}
