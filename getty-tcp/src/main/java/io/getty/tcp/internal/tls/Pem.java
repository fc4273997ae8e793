package io.getty.tcp.internal.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Splits PEM text (RFC 7468) into its blocks. Text outside the blocks is ignored, as RFC 7468 allows
 * (OpenSSL writes "Bag Attributes" there). RFC 1421 headers inside a block ({@code Proc-Type: 4,ENCRYPTED})
 * are kept so that a caller can refuse what it cannot read. The base64 is decoded strictly: a corrupt
 * block is an error, not fewer bytes.
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private Pem() {
    }

    /** One block: its label (what follows BEGIN), its headers and its decoded bytes. */
    record Block(String label, Map<String, String> headers, byte[] der) {
    }

    /**
     * The blocks of {@code source}, in file order.
     *
     * @throws io.getty.core.GettyException if a block is unterminated, mislabelled or not base64,
     *         or if there is no block at all
     */
    static List<Block> read(TlsSource source) {
        String text = new String(source.read(), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN)) {
                continue;
            }
            String label = label(line, BEGIN, source, i);
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            int start = i;
            boolean ended = false;
            for (i++; i < lines.length; i++) {
                String body = lines[i].strip();
                if (body.startsWith(END)) {
                    String endLabel = label(body, END, source, i);
                    if (!endLabel.equals(label)) {
                        throw source.error("line " + (i + 1) + ": '" + body + "' ends a '" + label + "' block");
                    }
                    ended = true;
                    break;
                }
                int colon = body.indexOf(':');
                if (colon > 0 && base64.length() == 0) {
                    headers.put(body.substring(0, colon).strip(), body.substring(colon + 1).strip());
                } else {
                    base64.append(body);
                }
            }
            if (!ended) {
                throw source.error("the '" + label + "' block at line " + (start + 1) + " has no END line");
            }
            try {
                blocks.add(new Block(label, headers, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw source.error("the '" + label + "' block at line " + (start + 1) + " is not valid base64 ("
                        + e.getMessage() + ")", e);
            }
        }
        if (blocks.isEmpty()) {
            throw source.error("not PEM: no '-----BEGIN ...-----' line");
        }
        return blocks;
    }

    /** The labels of {@code blocks}, for messages: "CERTIFICATE, PRIVATE KEY". */
    static String labels(List<Block> blocks) {
        return blocks.stream().map(Block::label).distinct().collect(Collectors.joining(", "));
    }

    private static String label(String line, String prefix, TlsSource source, int index) {
        if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
            throw source.error("line " + (index + 1) + ": malformed PEM boundary '" + line + "'");
        }
        return line.substring(prefix.length(), line.length() - DASHES.length()).strip();
    }
}
