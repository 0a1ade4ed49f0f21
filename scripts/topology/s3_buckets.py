"""Create the media buckets on an S3 endpoint, as docs/object-storage.md describes.

The public bucket gets a policy letting anyone read (s3:GetObject) its objects,
nothing else; the private bucket blocks every form of public access. Safe to
run again: existing buckets are kept and their settings written anew.
Used by scripts/topology/s3.sh; keys come from the environment.
"""

import argparse
import json

import boto3
from botocore.exceptions import ClientError


def public_read_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicReadMedia",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def make_bucket(client, bucket: str, region: str) -> None:
    options = {}
    if region != "us-east-1":
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        client.create_bucket(Bucket=bucket, **options)
    except ClientError as error:
        if error.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
            raise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--public", required=True, help="public media bucket")
    parser.add_argument("--private", required=True, help="private media bucket")
    args = parser.parse_args()

    client = boto3.client("s3", endpoint_url=args.endpoint, region_name=args.region)
    make_bucket(client, args.public, args.region)
    # A public policy is refused while public access is blocked (AWS blocks it
    # on new buckets): lift the block on policies for this bucket only.
    client.put_public_access_block(
        Bucket=args.public,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )
    client.put_bucket_policy(Bucket=args.public, Policy=public_read_policy(args.public))

    make_bucket(client, args.private, args.region)
    client.put_public_access_block(
        Bucket=args.private,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


if __name__ == "__main__":
    main()
