"""Airflow DAG: posespark's nightly run on a Spark cluster through SparkSubmitOperator.

The run's date is Airflow's logical date, so a backfill or a retry of one night re-plans exactly
that night's work (a re-run adds nothing that is already committed).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

POSESPARK = "/opt/posespark"

with DAG(
    dag_id="posespark_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one run at a time; the table lock refuses a second one anyway
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
    tags=["posespark"],
) as dag:
    SparkSubmitOperator(
        task_id="annotate_new_images",
        conn_id="spark_default",
        application=f"{POSESPARK}/job/target/posespark-job-0.1.0-SNAPSHOT.jar",
        java_class="posespark.job.nightly.NightlyMain",
        jars=f"{POSESPARK}/job/target/app-lib/*.jar",
        application_args=[
            "--input", "hdfs:///data/camera-dumps",
            "--format", "iceberg",
            "--warehouse", "hdfs:///warehouse/posespark",
            "--namespace", "poses",
            "--dataset", "cameras",
            "--run-date", "{{ ds }}",
        ],
        conf={
            "spark.executor.memory": "8g",
            "spark.executor.cores": "4",
        },
        name="posespark-nightly-{{ ds }}",
    )
