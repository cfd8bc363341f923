// Readiness probe for scripts/kafka-broker.sh: creates (or finds) a topic through the Admin API and exits 0 once it has a leader.
//
// Usage: java -cp 'libs/*:classes' KafkaReadyCheck BOOTSTRAP TOPIC TIMEOUT_MS
// Exit 0 when the topic exists with a leader for every partition, 1 otherwise (the reason on stderr).
// A port that accepts connections is not enough: the broker answers before its controller has
// elected itself, and CreateTopics fails until the metadata quorum is up.

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

class KafkaReadyCheck {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaReadyCheck BOOTSTRAP TOPIC TIMEOUT_MS");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int timeoutMs = Integer.parseInt(args[2]);

        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-ready-check");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5000));
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 200);

        try (Admin admin = Admin.create(config)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                    .all().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException error) {
                if (!(error.getCause() instanceof TopicExistsException)) {
                    throw error;
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topic))
                .allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            boolean led = described.get(topic).partitions().stream().allMatch(partition -> partition.leader() != null);
            if (!led) {
                System.err.println("topic \"" + topic + "\" has a partition without a leader");
                System.exit(1);
            }
        } catch (ExecutionException error) {
            System.err.println("broker not ready: " + error.getCause());
            System.exit(1);
        } catch (java.util.concurrent.TimeoutException error) {
            System.err.println("broker not ready: timed out after " + timeoutMs + " ms");
            System.exit(1);
        }
    }
}
