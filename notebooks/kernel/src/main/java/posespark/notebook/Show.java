package posespark.notebook;

import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Rich output from notebook cells: HTML and PNG/JPEG pictures as display data of the running cell. */
public final class Show {

  private Show() {}

  /** Shows HTML. */
  public static void html(String html) {
    DisplayData d = new DisplayData();
    d.putHTML(html);
    BaseKernel.notebookKernel().display(d);
  }

  /** Shows a PNG picture. */
  public static void png(byte[] png) {
    DisplayData d = new DisplayData();
    d.putData("image/png", Base64.getEncoder().encodeToString(png));
    d.putText("<png, " + png.length + " bytes>");
    BaseKernel.notebookKernel().display(d);
  }

  /** Shows a JPEG picture. */
  public static void jpeg(byte[] jpeg) {
    DisplayData d = new DisplayData();
    d.putData("image/jpeg", Base64.getEncoder().encodeToString(jpeg));
    d.putText("<jpeg, " + jpeg.length + " bytes>");
    BaseKernel.notebookKernel().display(d);
  }
}
