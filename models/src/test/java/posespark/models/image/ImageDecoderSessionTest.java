package posespark.models.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * TensorFlow sizes its one CPU intra-op pool per process from the first session created, and the
 * annotate job creates its decoder before its models: the decoder's session must ask for the models'
 * intra-op threads (or TensorFlow's default), never a pool of its own size. A decoder that asked for
 * one thread made every model in the job run about half as fast (docs/batching.md).
 */
class ImageDecoderSessionTest {

  @Test
  void theDecoderSessionAsksForTheModelsIntraOpThreadsNotOne() {
    assertThat(ImageDecoder.sessionConfig(1, 0).getIntraOpParallelismThreads()).as("default: all cores").isZero();
    assertThat(ImageDecoder.sessionConfig(2, 8).getIntraOpParallelismThreads()).isEqualTo(8);
    assertThat(ImageDecoder.sessionConfig(3, 8).getInterOpParallelismThreads()).isEqualTo(3);
  }
}
