import java.awt.image.BufferedImage;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * Makes the parity test photo: a square crop of a sample photo, box-filtered to SIZE x SIZE, written as raw
 * interleaved RGB uint8 (row-major, no header). Run once with {@code java PhotoCrop.java SRC X Y SIDE SIZE OUT};
 * its output is committed, so decoders never enter the parity comparison.
 */
public final class PhotoCrop {
  public static void main(String[] args) throws IOException {
    if (args.length != 6) {
      System.err.println("usage: java PhotoCrop.java SRC X Y SIDE SIZE OUT.rgb");
      System.exit(2);
    }
    BufferedImage src = ImageIO.read(new File(args[0]));
    int x0 = Integer.parseInt(args[1]);
    int y0 = Integer.parseInt(args[2]);
    int side = Integer.parseInt(args[3]);
    int size = Integer.parseInt(args[4]);
    if (x0 < 0 || y0 < 0 || x0 + side > src.getWidth() || y0 + side > src.getHeight()) {
      throw new IllegalArgumentException("crop leaves the image " + src.getWidth() + "x" + src.getHeight());
    }
    byte[] out = new byte[size * size * 3];
    double step = (double) side / size;
    for (int oy = 0; oy < size; oy++) {
      for (int ox = 0; ox < size; ox++) {
        // Average every source pixel whose centre falls inside the output pixel's footprint.
        int ya = y0 + (int) Math.floor(oy * step);
        int yb = Math.max(ya + 1, y0 + (int) Math.floor((oy + 1) * step));
        int xa = x0 + (int) Math.floor(ox * step);
        int xb = Math.max(xa + 1, x0 + (int) Math.floor((ox + 1) * step));
        double[] sum = new double[3];
        for (int y = ya; y < yb; y++) {
          for (int x = xa; x < xb; x++) {
            int rgb = src.getRGB(x, y);
            sum[0] += (rgb >> 16) & 0xff;
            sum[1] += (rgb >> 8) & 0xff;
            sum[2] += rgb & 0xff;
          }
        }
        int n = (yb - ya) * (xb - xa);
        for (int c = 0; c < 3; c++) {
          out[(oy * size + ox) * 3 + c] = (byte) Math.round(sum[c] / n);
        }
      }
    }
    try (OutputStream os = new FileOutputStream(args[5])) {
      os.write(out);
    }
  }
}
