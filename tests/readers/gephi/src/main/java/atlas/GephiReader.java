package atlas;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Node;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.AppendProcessor;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Imports files with the Gephi Toolkit (the importers of Gephi desktop, default settings) and prints
 * what Gephi made of them as one JSON object: node and edge counts, edges by Gephi edge kind, every
 * node's label and "kind" column, the column titles and every import issue (level and message).
 *
 * <p>Usage: {@code java -jar gephi-reader.jar FILE [MORE_FILES...] [-- FILE ...]}: each group of files
 * (groups split by {@code --}) goes into a new workspace, its first file imported, each further one
 * appended (nodes.csv then edges.csv, as Gephi's "Append to existing workspace"); one JSON line per group.
 */
public final class GephiReader {

    private GephiReader() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java -jar gephi-reader.jar FILE [MORE_FILES...]");
            System.exit(2);
        }
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        List<String> group = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--")) {
                read(projects, group);
                group.clear();
            } else {
                group.add(arg);
            }
        }
        read(projects, group);
    }

    private static void read(ProjectController projects, List<String> files) throws Exception {
        if (files.isEmpty()) {
            return;
        }
        Workspace workspace = projects.newWorkspace(projects.getCurrentProject());
        projects.openWorkspace(workspace);
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        List<Issue> issues = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            File file = new File(files.get(i));
            Container container = importer.importFile(file);
            if (container == null) {
                System.err.println("Gephi found no importer for " + file);
                System.exit(1);
            }
            issues.addAll(container.getReport().getIssuesList(Integer.MAX_VALUE));
            if (i == 0) {
                DefaultProcessor processor = new DefaultProcessor();
                importer.process(container, processor, workspace);
                issues.addAll(processor.getReport().getIssuesList(Integer.MAX_VALUE));
            } else {
                AppendProcessor processor = new AppendProcessor();
                importer.process(container, processor, workspace);
                issues.addAll(processor.getReport().getIssuesList(Integer.MAX_VALUE));
            }
        }
        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        System.out.println(describe(model, issues));
    }

    private static String describe(GraphModel model, List<Issue> issues) {
        Graph graph = model.getGraph();
        Column kindColumn = null;
        List<String> nodeColumns = new ArrayList<>();
        for (Column column : model.getNodeTable()) {
            nodeColumns.add(column.getTitle() + ":" + column.getTypeClass().getSimpleName());
            if ("kind".equals(column.getTitle())) {
                kindColumn = column;
            }
        }
        List<String> edgeColumns = new ArrayList<>();
        for (Column column : model.getEdgeTable()) {
            edgeColumns.add(column.getTitle() + ":" + column.getTypeClass().getSimpleName());
        }
        Map<String, Integer> byKind = new TreeMap<>();
        for (Edge edge : graph.getEdges()) {
            Object label = model.getEdgeTypeLabel(edge.getType());
            byKind.merge(String.valueOf(label), 1, Integer::sum);
        }
        StringBuilder nodes = new StringBuilder();
        for (Node node : graph.getNodes()) {
            Object kind = kindColumn == null ? null : node.getAttribute(kindColumn);
            nodes.append(nodes.length() == 0 ? "" : ",").append('[').append(quote(node.getId())).append(',')
                .append(quote(node.getLabel())).append(',').append(quote(kind)).append(']');
        }
        StringBuilder issueList = new StringBuilder();
        for (Issue issue : issues) {
            issueList.append(issueList.length() == 0 ? "" : ",").append("{\"level\":")
                .append(quote(issue.getLevel().name())).append(",\"message\":").append(quote(issue.getMessage()))
                .append('}');
        }
        return "{\"nodes\":" + graph.getNodeCount() + ",\"edges\":" + graph.getEdgeCount()
            + ",\"directed\":" + model.isDirected()
            + ",\"edges_by_kind\":" + map(byKind)
            + ",\"node_columns\":" + list(nodeColumns) + ",\"edge_columns\":" + list(edgeColumns)
            + ",\"node_labels\":[" + nodes + "],\"issues\":[" + issueList + "]}";
    }

    private static String map(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            out.append(out.length() == 1 ? "" : ",").append(quote(entry.getKey())).append(':').append(entry.getValue());
        }
        return out.append('}').toString();
    }

    private static String list(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (String item : items) {
            out.append(out.length() == 1 ? "" : ",").append(quote(item));
        }
        return out.append(']').toString();
    }

    /** A JSON string (or null): quotes, backslashes and every control character escaped. */
    private static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
