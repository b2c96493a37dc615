package dev.slipway.worker.docker;

import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows a pull's stream of layer messages and hands on a summary after each: how many layers are
 * done, and how many bytes of them came so far. The engine names layers as it goes, so the total
 * can grow while the pull runs.
 */
final class ImagePullTracker extends PullImageResultCallback {

    /** A layer in one of these is on the host. */
    private static final Set<String> DONE = Set.of("Pull complete", "Already exists");

    /** What is known of the pull at one moment. */
    record Summary(int layersDone, int layersTotal, long bytesDone, long bytesTotal) {}

    private record Layer(boolean done, long current, long total) {}

    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final Consumer<Summary> onProgress;

    ImagePullTracker(Consumer<Summary> onProgress) {
        this.onProgress = onProgress;
    }

    @Override
    public void onNext(PullResponseItem item) {
        super.onNext(item);
        String id = item.getId();
        String status = item.getStatus();
        if (id == null || status == null || id.contains(":")) {
            return; // the image's own lines ("Pulling from…", the digest), not a layer's
        }
        Summary summary;
        synchronized (layers) {
            Layer before = layers.getOrDefault(id, new Layer(false, 0, 0));
            ResponseItem.ProgressDetail detail = item.getProgressDetail();
            boolean downloading = status.startsWith("Downloading");
            long current = downloading && detail != null && detail.getCurrent() != null
                    ? detail.getCurrent()
                    : before.current();
            long total =
                    downloading && detail != null && detail.getTotal() != null ? detail.getTotal() : before.total();
            if (status.equals("Download complete")) {
                current = total;
            }
            layers.put(id, new Layer(before.done() || DONE.contains(status), current, total));
            summary = summarize();
        }
        onProgress.accept(summary);
    }

    private Summary summarize() {
        int done = 0;
        long bytesDone = 0;
        long bytesTotal = 0;
        for (Layer layer : layers.values()) {
            done += layer.done() ? 1 : 0;
            bytesDone += layer.done() ? Math.max(layer.current(), layer.total()) : layer.current();
            bytesTotal += layer.total();
        }
        return new Summary(done, layers.size(), bytesDone, bytesTotal);
    }
}
